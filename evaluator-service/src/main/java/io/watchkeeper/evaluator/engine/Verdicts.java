package io.watchkeeper.evaluator.engine;

import io.watchkeeper.evaluator.rule.Condition;
import io.watchkeeper.platform.time.Durations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Evaluates a binding's condition at a moment: does it hold, with which value, since when. */
final class Verdicts {

    /**
     * {@code since}: when the condition started to hold, if it can tell (absence: when silence began). The
     * words are built only when an alert needs them — never on the per-event path.
     */
    record Verdict(
            boolean holds,
            BigDecimal value,
            BigDecimal threshold,
            Instant since,
            Supplier<String> title,
            Supplier<String> message,
            Map<String, String> annotations) {

        static Verdict no() {
            return new Verdict(false, null, null, null, () -> null, () -> null, Map.of());
        }

        /** The verdict with an event's annotations under its own (an event's words reach the alert it fires). */
        Verdict annotated(Map<String, String> event) {
            if (event.isEmpty()) {
                return this;
            }
            Map<String, String> merged = new java.util.HashMap<>(event);
            merged.putAll(annotations);
            return new Verdict(holds, value, threshold, since, title, message, merged);
        }
    }

    private Verdicts() {}

    static Verdict evaluate(Binding b, Instant now) {
        long t = now.toEpochMilli();
        String name = b.rule.name();
        Condition condition = b.rule.condition();
        if (condition instanceof Condition.Threshold c) {
            Window.Stats s = b.stats(c.metric(), t);
            BigDecimal value =
                    switch (c.aggregation()) {
                        case LAST -> s.last;
                        case AVG -> s.avg();
                        case SUM -> s.count == 0 ? null : s.sum;
                        case MIN -> s.min;
                        case MAX -> s.max;
                        case COUNT -> BigDecimal.valueOf(s.count);
                        case RATE -> s.rate();
                    };
            return compare(
                    value,
                    c.comparison(),
                    () -> name + ": " + c.aggregation().name().toLowerCase(Locale.ROOT) + "(" + c.metric() + ") over "
                            + Durations.format(c.window()) + " for " + b.seriesText());
        }
        if (condition instanceof Condition.Ratio c) {
            Window.Stats num = b.stats(c.numerator(), t);
            Window.Stats den = b.stats(c.denominator(), t);
            if (den.count == 0 || den.sum.signum() <= 0 || den.sum.compareTo(c.minDenominator()) < 0) {
                return Verdict.no();
            }
            BigDecimal ratio = num.sum.divide(den.sum, 6, RoundingMode.HALF_EVEN);
            return compare(
                    ratio,
                    c.comparison(),
                    () -> name + ": " + c.numerator() + " / " + c.denominator() + " over "
                            + Durations.format(c.window()) + " for " + b.seriesText());
        }
        if (condition instanceof Condition.Percentile c) {
            return compare(
                    b.stats(c.metric(), t).percentile(c.percentile()),
                    c.comparison(),
                    () -> name + ": p"
                            + trim(c.percentile()) + "(" + c.metric() + ") over " + Durations.format(c.window())
                            + " for "
                            + b.seriesText());
        }
        if (condition instanceof Condition.Absence c) {
            if (b.lastSeen == null) {
                return Verdict.no();
            }
            Instant silentSince = b.lastSeen.plus(c.grace());
            Instant last = b.lastSeen;
            return new Verdict(
                    now.isAfter(silentSince),
                    null,
                    null,
                    silentSince,
                    () -> name + ": no " + c.metric() + " from " + b.seriesText() + " for "
                            + Durations.format(c.grace()),
                    () -> "last " + c.metric() + " at " + last + "; expected at least every "
                            + Durations.format(c.grace()),
                    Map.of());
        }
        if (condition instanceof Condition.Forecast c) {
            return forecast(b, c, now);
        }
        return Verdict.no();
    }

    private static Verdict compare(BigDecimal value, Condition.Comparison c, Supplier<String> title) {
        if (value == null) {
            return Verdict.no();
        }
        return new Verdict(
                c.holds(value),
                value,
                c.threshold(),
                null,
                title,
                () -> "value " + value.stripTrailingZeros().toPlainString() + " " + c.operator() + " "
                        + c.threshold().toPlainString(),
                Map.of());
    }

    /** Least squares over the window's observations: where the fitted line reaches zero. */
    private static Verdict forecast(Binding b, Condition.Forecast c, Instant now) {
        Window.Stats s = b.stats(c.metric(), now.toEpochMilli());
        double[] line = s.line();
        if (line == null || line[0] >= 0 || s.last == null) {
            return Verdict.no();
        }
        double slopePerSecond = line[0];
        double zeroAtSeconds = -line[1] / slopePerSecond;
        Instant depletesAt = Instant.ofEpochMilli(s.baseMillis + (long) (zeroAtSeconds * 1000));
        boolean holds = !depletesAt.isAfter(now.plus(c.horizon()));
        BigDecimal burnPerHour = BigDecimal.valueOf(-slopePerSecond * 3600).setScale(4, RoundingMode.HALF_EVEN);
        String when = depletesAt.truncatedTo(ChronoUnit.MINUTES).toString();
        BigDecimal balance = s.last;
        return new Verdict(
                holds,
                s.last,
                null,
                null,
                () -> b.rule.name() + ": " + c.metric() + " of " + b.seriesText() + " runs out around " + when,
                () -> "balance " + balance.toPlainString() + ", burning "
                        + burnPerHour.stripTrailingZeros().toPlainString()
                        + " per hour (over the last " + Durations.format(c.window()) + "); empty around " + when
                        + ", within the " + Durations.format(c.horizon()) + " horizon",
                Map.of(
                        "depletesAt",
                        depletesAt.truncatedTo(ChronoUnit.SECONDS).toString(),
                        "burnRatePerHour",
                        burnPerHour.toPlainString()));
    }

    /** Renewal: the subscription's next renewal date and whether it is within the reminder period. */
    static Verdict renewal(Condition.Renewal c, Condition.Subscription sub, String ruleName, Instant now) {
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate next = sub.nextRenewal(today);
        long daysLeft = ChronoUnit.DAYS.between(today, next);
        boolean holds = daysLeft <= c.daysBefore();
        Instant since = next.minusDays(c.daysBefore()).atStartOfDay().toInstant(ZoneOffset.UTC);
        String amount = sub.amount() == null
                ? ""
                : " (" + sub.amount().toPlainString() + (sub.currency() == null ? "" : " " + sub.currency()) + ")";
        return new Verdict(
                holds,
                BigDecimal.valueOf(daysLeft),
                BigDecimal.valueOf(c.daysBefore()),
                since,
                () -> ruleName + ": " + sub.name() + " renews on " + next
                        + (daysLeft == 0 ? " (today)" : " (in " + daysLeft + (daysLeft == 1 ? " day)" : " days)")),
                () -> sub.name() + " renews " + sub.cycle() + " on " + next + amount,
                Map.of("renewsOn", next.toString(), "daysLeft", Long.toString(daysLeft), "subscription", sub.name()));
    }

    private static String trim(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
