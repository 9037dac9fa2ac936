package io.watchkeeper.notifier.channel;

import com.fasterxml.jackson.core.type.TypeReference;
import io.watchkeeper.platform.db.JsonText;
import java.util.List;

/**
 * The non-secret part of a channel: who to @-mention (mobiles: WeChat Work, DingTalk; user ids: WeChat Work,
 * Feishu; {@code @all} / {@code all} mentions everyone), for WeChat Work {@code text} or {@code markdown}, and
 * the addresses of an email channel, the request of an SMS gateway, and the language of messages (chat, email, SMS)
 * ({@code en}, {@code zh}).
 */
public record ChannelSettings(
        List<String> mentionedMobiles,
        List<String> mentionedUsers,
        String format,
        List<String> emails,
        Sms sms,
        String language) {

    /** An SMS gateway request: one per phone, its body rendered from {@code bodyTemplate} (Qute). */
    public record Sms(List<String> phones, String method, String contentType, String bodyTemplate) {}

    public static final String TEXT = "text";
    public static final String MARKDOWN = "markdown";

    public ChannelSettings {
        mentionedMobiles = mentionedMobiles == null ? List.of() : List.copyOf(mentionedMobiles);
        mentionedUsers = mentionedUsers == null ? List.of() : List.copyOf(mentionedUsers);
        format = format == null ? TEXT : format;
        emails = emails == null ? List.of() : List.copyOf(emails);
        language = language == null ? "en" : language;
    }

    /** Whether everyone is to be mentioned. */
    public boolean mentionsAll() {
        return mentionedMobiles.contains("@all") || mentionedUsers.contains("@all") || mentionedUsers.contains("all");
    }

    /** JSON text in the database. */
    @jakarta.persistence.Converter
    public static class Converter extends JsonText<ChannelSettings> {
        public Converter() {
            super(new TypeReference<>() {});
        }
    }
}
