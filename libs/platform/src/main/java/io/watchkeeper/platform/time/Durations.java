package io.watchkeeper.platform.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Prometheus writes them ({@code 90s}, {@code 3m}, {@code 1h30m}, {@code 2d}) or ISO-8601 ({@code PT3M}). */
public final class Durations {

    private static final Pattern PROMETHEUS =
            Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

    private Durations() {}

    /** @throws IllegalArgumentException for anything else, and for zero or negative durations */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is required, e.g. 3m");
        }
        Duration duration;
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("is not a duration: " + text);
            }
        } else {
            Matcher m = PROMETHEUS.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("is not a duration (use e.g. 90s, 3m, 1h30m, 2d): " + text);
            }
            duration = Duration.ofDays(num(m.group(1)))
                    .plusHours(num(m.group(2)))
                    .plusMinutes(num(m.group(3)))
                    .plusSeconds(num(m.group(4)))
                    .plusMillis(num(m.group(5)));
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("must be positive: " + text);
        }
        return duration;
    }

    /** The shortest Prometheus form: 180 s → {@code 3m}. */
    public static String format(Duration d) {
        StringBuilder b = new StringBuilder();
        long s = d.toSeconds();
        if (s / 86400 > 0) b.append(s / 86400).append('d');
        if (s % 86400 / 3600 > 0) b.append(s % 86400 / 3600).append('h');
        if (s % 3600 / 60 > 0) b.append(s % 3600 / 60).append('m');
        if (s % 60 > 0) b.append(s % 60).append('s');
        if (d.toMillisPart() > 0) b.append(d.toMillisPart()).append("ms");
        return b.isEmpty() ? "0s" : b.toString();
    }

    private static long num(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
