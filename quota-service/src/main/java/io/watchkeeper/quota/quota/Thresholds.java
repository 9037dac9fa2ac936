package io.watchkeeper.quota.quota;

import io.watchkeeper.platform.problem.ProblemException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Step percentages: each above 0 and below 100 (100 % is always the exhausted step), in ascending order. */
public final class Thresholds {

    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private Thresholds() {}

    /** The thresholds when they are valid; otherwise 400 naming {@code field} and the offending element. */
    public static List<BigDecimal> check(String field, List<BigDecimal> thresholds) {
        if (thresholds == null) {
            return null;
        }
        for (int i = 0; i < thresholds.size(); i++) {
            BigDecimal t = thresholds.get(i);
            if (t == null || t.signum() <= 0 || t.compareTo(HUNDRED) >= 0) {
                throw ProblemException.invalid(field + "[" + i + "]", "must be above 0 and below 100");
            }
            if (i > 0 && t.compareTo(thresholds.get(i - 1)) <= 0) {
                throw ProblemException.invalid(
                        field + "[" + i + "]", "must be above the one before: thresholds ascend");
            }
        }
        return List.copyOf(thresholds);
    }

    /** As stored: {@code 50,80,90} (exact decimals), null when absent. */
    public static String text(List<BigDecimal> thresholds) {
        return thresholds == null
                ? null
                : thresholds.stream().map(BigDecimal::toPlainString).collect(Collectors.joining(","));
    }

    public static List<BigDecimal> parse(String text) {
        return text == null
                ? null
                : text.isEmpty()
                        ? List.of()
                        : Arrays.stream(text.split(",")).map(BigDecimal::new).toList();
    }
}
