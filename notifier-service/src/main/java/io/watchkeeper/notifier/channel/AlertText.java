package io.watchkeeper.notifier.channel;

import io.watchkeeper.contracts.event.AlertEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** A message's words as plain text or markdown, for the chat channels, and cutting them to a channel's limit. */
public final class AlertText {

    public static final String TRUNCATED = "\n…(truncated)";

    private AlertText() {}

    /** A message's words: the headline and the lines under it (see {@link MessageTemplates}). */
    public record Words(String headline, List<String> details) {}

    /** {@code [FIRING] title}: the English headline (email subjects, SMS). */
    public static String headline(AlertEvent a) {
        return "[" + a.status().name() + "] " + a.title();
    }

    public static String plain(Words w) {
        return w.headline() + '\n' + String.join("\n", w.details());
    }

    /** Markdown for WeChat Work, Feishu's lark_md and DingTalk: bold headline, one detail per quoted line. */
    public static String markdown(Words w) {
        return "**" + w.headline() + "**\n"
                + w.details().stream().map(line -> "> " + line).collect(Collectors.joining("\n"));
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
