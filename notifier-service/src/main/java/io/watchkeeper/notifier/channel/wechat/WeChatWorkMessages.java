package io.watchkeeper.notifier.channel.wechat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.notifier.channel.ChannelSettings;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Renders an alert as a WeChat Work group-bot text message (EXTERNAL-APIS.md §6). */
public final class WeChatWorkMessages {

    /** {@code text.content} may hold at most 2048 bytes of UTF-8. */
    static final int MAX_TEXT_BYTES = 2048;
    static final String TRUNCATED = "\n…(truncated)";

    private WeChatWorkMessages() {
    }

    public static JsonObject text(AlertEvent alert, ChannelSettings settings) {
        JsonObject text = new JsonObject().put("content", truncate(content(alert), MAX_TEXT_BYTES));
        if (!settings.mentionedUsers().isEmpty()) {
            text.put("mentioned_list", new JsonArray(settings.mentionedUsers()));
        }
        if (!settings.mentionedMobiles().isEmpty()) {
            text.put("mentioned_mobile_list", new JsonArray(settings.mentionedMobiles()));
        }
        return new JsonObject().put("msgtype", "text").put("text", text);
    }

    static String content(AlertEvent a) {
        StringBuilder b = new StringBuilder();
        b.append('[').append(a.status().name()).append("] ").append(a.title()).append('\n');
        if (a.status() == AlertStatus.RESOLVED) {
            b.append("resolved at ").append(a.endsAt()).append(" (firing since ").append(a.startsAt()).append(")\n");
        } else {
            b.append("since ").append(a.startsAt()).append('\n');
        }
        if (a.message() != null && !a.message().isBlank()) {
            b.append(a.message()).append('\n');
        }
        b.append("severity: ").append(a.severity().name().toLowerCase(Locale.ROOT))
                .append(" · rule: ").append(a.ruleName()).append('\n');
        b.append("labels: ").append(new TreeMap<>(a.labels()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        return b.toString();
    }

    /** Cuts at a character boundary so the content plus the marker fits {@code maxBytes}. */
    static String truncate(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        int budget = maxBytes - TRUNCATED.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > budget) {
                break;
            }
            out.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return out + TRUNCATED;
    }
}
