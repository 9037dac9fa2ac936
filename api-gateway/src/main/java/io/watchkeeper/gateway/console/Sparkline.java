package io.watchkeeper.gateway.console;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A series drawn as an SVG polyline in a 100 × 24 box (oldest left), and the words a screen reader says for it.
 *
 * @param points the polyline's points; blank when there are fewer than two values
 */
public record Sparkline(String points, BigDecimal first, BigDecimal last) {

    static final double WIDTH = 100, HEIGHT = 24;

    /** @param values oldest first */
    public static Sparkline of(List<BigDecimal> values) {
        if (values.size() < 2) {
            return new Sparkline("", values.isEmpty() ? null : values.get(0), values.isEmpty() ? null : values.get(0));
        }
        double min = values.stream().mapToDouble(BigDecimal::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(BigDecimal::doubleValue).max().orElse(0);
        double span = max - min == 0 ? 1 : max - min;
        int n = values.size();
        String points = IntStream.range(0, n)
                .mapToObj(i -> String.format(
                        Locale.ROOT,
                        "%.1f,%.1f",
                        i * WIDTH / (n - 1),
                        HEIGHT - 1 - (values.get(i).doubleValue() - min) / span * (HEIGHT - 2)))
                .collect(Collectors.joining(" "));
        return new Sparkline(points, values.get(0), values.get(n - 1));
    }

    public boolean drawable() {
        return !points.isEmpty();
    }

    /** Falling, rising or flat from the first value to the last. */
    public String trend() {
        if (first == null || last == null) {
            return "flat";
        }
        int c = last.compareTo(first);
        return c < 0 ? "falling" : c > 0 ? "rising" : "flat";
    }
}
