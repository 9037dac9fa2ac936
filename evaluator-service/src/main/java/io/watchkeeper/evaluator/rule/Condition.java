package io.watchkeeper.evaluator.rule;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** What a rule tests, one shape per {@link RuleType}; built and validated by {@link Conditions}. */
public sealed interface Condition {

    /** The metrics whose events this condition reads (none for renewal). */
    Set<String> metrics();

    /** How far back events matter; older ones are ignored. */
    Duration window();

    enum Aggregation {
        LAST,
        AVG,
        SUM,
        MIN,
        MAX,
        COUNT,
        RATE
    }

    record Threshold(String metric, Aggregation aggregation, Duration window, Comparison comparison)
            implements Condition {
        public Set<String> metrics() {
            return Set.of(metric);
        }
    }

    record Ratio(
            String numerator, String denominator, Duration window, Comparison comparison, BigDecimal minDenominator)
            implements Condition {
        public Set<String> metrics() {
            return Set.of(numerator, denominator);
        }
    }

    record Percentile(String metric, double percentile, Duration window, Comparison comparison) implements Condition {
        public Set<String> metrics() {
            return Set.of(metric);
        }
    }

    record Absence(String metric, Duration grace) implements Condition {
        public Set<String> metrics() {
            return Set.of(metric);
        }

        public Duration window() {
            return grace;
        }
    }

    /** Least squares over the observations of {@code window}; fires when zero is reached within {@code horizon}. */
    record Forecast(String metric, Duration window, Duration horizon) implements Condition {
        public Set<String> metrics() {
            return Set.of(metric);
        }
    }

    record Renewal(List<Subscription> subscriptions, int daysBefore, Duration repeatEvery) implements Condition {
        public Set<String> metrics() {
            return Set.of();
        }

        public Duration window() {
            return Duration.ZERO;
        }
    }

    /** A subscription renewing on {@code renewsOn} and then every cycle (monthly, yearly or every N days). */
    record Subscription(
            String name, LocalDate renewsOn, String cycle, Integer everyDays, BigDecimal amount, String currency) {

        /** The first renewal on or after {@code today}. */
        public LocalDate nextRenewal(LocalDate today) {
            LocalDate next = renewsOn;
            for (int i = 1; next.isBefore(today); i++) {
                next = switch (cycle) {
                    case "monthly" -> renewsOn.plusMonths(i);
                    case "yearly" -> renewsOn.plusYears(i);
                    default -> renewsOn.plusDays((long) everyDays * i);
                };
            }
            return next;
        }
    }

    /** {@code value operator threshold}. */
    record Comparison(String operator, BigDecimal threshold) {

        public static final Set<String> OPERATORS = Set.of(">", ">=", "<", "<=", "==", "!=");

        public boolean holds(BigDecimal value) {
            int c = value.compareTo(threshold);
            return switch (operator) {
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case "==" -> c == 0;
                default -> c != 0;
            };
        }
    }
}
