package io.watchkeeper.evaluator.rule;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchkeeper.evaluator.rule.Condition.Aggregation;
import io.watchkeeper.evaluator.rule.Condition.Comparison;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.time.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a rule's {@code condition} object for its type. Every mistake is a 400 naming the field
 * ({@code condition.window}); the same parser reads stored rules, so what was accepted is what runs.
 */
public final class Conditions {

    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Duration MAX_WINDOW = Duration.ofDays(31);
    private static final Set<String> CYCLES = Set.of("monthly", "yearly", "days");

    private Conditions() {}

    public static Condition parse(RuleType type, JsonNode c) {
        if (c == null || !c.isObject()) {
            throw ProblemException.invalid(
                    "condition", "must be an object with the fields of a " + type.wireName() + " rule");
        }
        return switch (type) {
            case THRESHOLD -> new Condition.Threshold(
                    metric(c, "metric"), aggregation(c), window(c, "window"), comparison(c));
            case RATIO -> new Condition.Ratio(
                    metric(c, "numerator"),
                    metric(c, "denominator"),
                    window(c, "window"),
                    comparison(c),
                    c.hasNonNull("minDenominator") ? number(c, "minDenominator") : BigDecimal.ZERO);
            case PERCENTILE -> new Condition.Percentile(
                    metric(c, "metric"), percentile(c), window(c, "window"), comparison(c));
            case ABSENCE -> new Condition.Absence(metric(c, "metric"), window(c, "grace"));
            case FORECAST -> new Condition.Forecast(metric(c, "metric"), window(c, "window"), window(c, "horizon"));
            case RENEWAL -> renewal(c);
        };
    }

    private static String metric(JsonNode c, String field) {
        String value = text(c, field);
        if (!METRIC.matcher(value).matches()) {
            throw invalid(field, "must be a metric name such as provider_balance");
        }
        return value;
    }

    private static Aggregation aggregation(JsonNode c) {
        String value = c.hasNonNull("aggregation") ? text(c, "aggregation") : "last";
        try {
            return Aggregation.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("aggregation", "must be one of last, avg, sum, min, max, count, rate");
        }
    }

    private static Comparison comparison(JsonNode c) {
        String operator = text(c, "operator");
        if (!Comparison.OPERATORS.contains(operator)) {
            throw invalid("operator", "must be one of >, >=, <, <=, ==, !=");
        }
        return new Comparison(operator, number(c, "threshold"));
    }

    private static double percentile(JsonNode c) {
        double p = number(c, "percentile").doubleValue();
        if (p <= 0 || p >= 100) {
            throw invalid("percentile", "must be between 0 and 100, e.g. 99");
        }
        return p;
    }

    private static Duration window(JsonNode c, String field) {
        Duration d;
        try {
            d = Durations.parse(c.hasNonNull(field) ? c.get(field).asText() : null);
        } catch (IllegalArgumentException e) {
            throw invalid(field, e.getMessage());
        }
        if (d.toSeconds() < 1 || d.compareTo(MAX_WINDOW) > 0) {
            throw invalid(field, "must be between 1s and 31d");
        }
        return d;
    }

    private static Condition.Renewal renewal(JsonNode c) {
        JsonNode subs = c.get("subscriptions");
        if (subs == null || !subs.isArray() || subs.isEmpty()) {
            throw invalid("subscriptions", "must list at least one subscription");
        }
        List<Condition.Subscription> list = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            JsonNode s = subs.get(i);
            String at = "subscriptions[" + i + "].";
            if (!s.isObject()) {
                throw invalid(at.substring(0, at.length() - 1), "must be an object");
            }
            String name = text(s, "name", at);
            LocalDate renewsOn;
            try {
                renewsOn = LocalDate.parse(text(s, "renewsOn", at));
            } catch (DateTimeParseException e) {
                throw invalid(at + "renewsOn", "must be a date such as 2026-12-01");
            }
            String cycle = s.hasNonNull("cycle") ? text(s, "cycle", at) : "monthly";
            if (!CYCLES.contains(cycle)) {
                throw invalid(at + "cycle", "must be monthly, yearly or days");
            }
            Integer everyDays = null;
            if (cycle.equals("days")) {
                everyDays = s.path("everyDays").isInt() ? s.get("everyDays").asInt() : 0;
                if (everyDays < 1) {
                    throw invalid(at + "everyDays", "must be a whole number of days ≥ 1 when cycle is days");
                }
            }
            BigDecimal amount = s.hasNonNull("amount") ? number(s, "amount", at) : null;
            String currency = s.hasNonNull("currency") ? text(s, "currency", at) : null;
            list.add(new Condition.Subscription(name, renewsOn, cycle, everyDays, amount, currency));
        }
        int daysBefore = c.has("daysBefore") ? c.get("daysBefore").asInt(-1) : 7;
        if (daysBefore < 0 || daysBefore > 366) {
            throw invalid("daysBefore", "must be a whole number of days between 0 and 366");
        }
        Duration repeat = c.hasNonNull("repeatEvery") ? window(c, "repeatEvery") : Duration.ofDays(1);
        return new Condition.Renewal(List.copyOf(list), daysBefore, repeat);
    }

    private static String text(JsonNode c, String field) {
        return text(c, field, "");
    }

    private static String text(JsonNode c, String field, String prefix) {
        JsonNode v = c.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw invalid(prefix + field, "is required (text)");
        }
        return v.asText();
    }

    private static BigDecimal number(JsonNode c, String field) {
        return number(c, field, "");
    }

    private static BigDecimal number(JsonNode c, String field, String prefix) {
        JsonNode v = c.get(field);
        if (v == null || !v.isNumber()) {
            throw invalid(prefix + field, "is required (a number)");
        }
        return v.decimalValue();
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalid("condition." + field, message);
    }
}
