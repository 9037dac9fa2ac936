package io.watchkeeper.notifier.channel;

import com.fasterxml.jackson.core.type.TypeReference;
import io.watchkeeper.platform.db.JsonText;
import java.util.List;

/** The non-secret part of a channel: who to @-mention. */
public record ChannelSettings(List<String> mentionedMobiles, List<String> mentionedUsers) {

    public ChannelSettings {
        mentionedMobiles = mentionedMobiles == null ? List.of() : List.copyOf(mentionedMobiles);
        mentionedUsers = mentionedUsers == null ? List.of() : List.copyOf(mentionedUsers);
    }

    /** JSON text in the database. */
    @jakarta.persistence.Converter
    public static class Converter extends JsonText<ChannelSettings> {
        public Converter() {
            super(new TypeReference<>() {
            });
        }
    }
}
