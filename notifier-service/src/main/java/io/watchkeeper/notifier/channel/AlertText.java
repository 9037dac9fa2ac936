package io.watchkeeper.notifier.channel;

import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** An alert in words, as plain text or markdown, for the chat channels. */
public final class AlertText {

    public static final String TRUNCATED = "\n…(truncated)";

    private AlertText() {
    }

    /** {@code [FIRING] title}: the first line of every message. */
    public static String headline(AlertEvent a) {
        return "[" + a.status().name() + "] " + a.title();
    }

    public static String plain(AlertEvent a) {
        return headline(a) + '\n' + String.join("\n", details(a));
    }

    /** Markdown for WeChat Work, Feishu's lark_md and DingTalk: bold headline, one detail per line. */
    public static String markdown(AlertEvent a) {
        return "**" + headline(a) + "**\n" + details(a).stream().map(line -> "> " + line)
                .collect(Collectors.joining("\n"));
    }

    private static java.util.List<String> details(AlertEvent a) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        if (a.status() == AlertStatus.RESOLVED) {
            lines.add("resolved at " + a.endsAt() + " (firing since " + a.startsAt() + ")");
        } else {
            lines.add("since " + a.startsAt());
        }
        if (a.message() != null && !a.message().isBlank()) {
            lines.add(a.message());
        }
        lines.add("severity: " + a.severity().name().toLowerCase(Locale.ROOT) + " · rule: " + a.ruleName());
        lines.add("labels: " + new TreeMap<>(a.labels()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        return lines;
    }

    /** Cuts at a character boundary so the text plus the marker fits {@code maxBytes} of UTF-8. */
    public static String truncate(String s, int maxBytes) {
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
