package io.watchkeeper.notifier.channel.wechat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.channel.AlertText;
import io.watchkeeper.notifier.channel.ChannelSettings;

/** Renders an alert as a WeChat Work group-bot message, text or markdown (EXTERNAL-APIS.md §6). */
public final class WeChatWorkMessages {

    /** {@code text.content} may hold at most 2048 bytes of UTF-8, {@code markdown.content} 4096. */
    static final int MAX_TEXT_BYTES = 2048;

    static final int MAX_MARKDOWN_BYTES = 4096;

    private WeChatWorkMessages() {}

    public static JsonObject of(AlertText.Words words, AlertEvent alert, ChannelSettings settings) {
        return ChannelSettings.MARKDOWN.equals(settings.format())
                ? markdown(words, alert, settings)
                : text(words, settings);
    }

    public static JsonObject text(AlertText.Words words, ChannelSettings settings) {
        JsonObject text = new JsonObject().put("content", AlertText.truncate(AlertText.plain(words), MAX_TEXT_BYTES));
        if (!settings.mentionedUsers().isEmpty()) {
            text.put("mentioned_list", new JsonArray(settings.mentionedUsers()));
        }
        if (!settings.mentionedMobiles().isEmpty()) {
            text.put("mentioned_mobile_list", new JsonArray(settings.mentionedMobiles()));
        }
        return new JsonObject().put("msgtype", "text").put("text", text);
    }

    /** Markdown has no mobile mentions; users are mentioned as {@code <@userid>}, and the title is coloured. */
    public static JsonObject markdown(AlertText.Words words, AlertEvent alert, ChannelSettings settings) {
        StringBuilder mentions = new StringBuilder();
        settings.mentionedUsers().forEach(u -> mentions.append(" <@").append(u).append('>'));
        String content = AlertText.markdown(words)
                .replaceFirst("^\\*\\*(.*?)\\*\\*", "<font color=\"" + colour(alert) + "\">**$1**</font>");
        String suffix = mentions.toString();
        return new JsonObject()
                .put("msgtype", "markdown")
                .put(
                        "markdown",
                        new JsonObject()
                                .put(
                                        "content",
                                        AlertText.truncate(
                                                        content,
                                                        MAX_MARKDOWN_BYTES
                                                                - suffix.getBytes(
                                                                                java.nio.charset.StandardCharsets.UTF_8)
                                                                        .length)
                                                + suffix));
    }

    private static String colour(AlertEvent alert) {
        return switch (alert.status()) {
            case RESOLVED -> "info";
            default -> switch (alert.severity()) {
                case CRITICAL, ERROR -> "warning";
                default -> "comment";
            };
        };
    }
}
