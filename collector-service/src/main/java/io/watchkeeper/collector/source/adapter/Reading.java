package io.watchkeeper.collector.source.adapter;

import io.watchkeeper.contracts.cloudevents.NumberBounds;
import io.watchkeeper.contracts.event.MetricKind;
import java.math.BigDecimal;
import java.util.Map;

/**
 * One value a poll produced: {@code metric} (e.g. provider_balance), amount and currency, extra labels, and
 * whether it is a balance (what is left) or spend (what was consumed).
 */
public record Reading(String metric, BigDecimal value, String currency, Map<String, String> labels, MetricKind kind) {

    public static final String BALANCE = "provider_balance";
    public static final String SPEND_DAY = "provider_spend_day";
    public static final String SPEND_MONTH = "provider_spend_month_to_date";

    /** @throws PollFailure (bad response) when the provider's number is beyond what the contracts allow */
    public Reading {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        kind = kind == null ? MetricKind.BALANCE : kind;
        String outOfBounds = NumberBounds.check(value);
        if (outOfBounds != null) {
            throw new PollFailure(
                    PollFailure.Kind.BAD_RESPONSE,
                    "the provider answered a " + metric + " of "
                            + value.toString()
                                    .substring(0, Math.min(40, value.toString().length())) + ": " + outOfBounds);
        }
    }

    public Reading(String metric, BigDecimal value, String currency, Map<String, String> labels) {
        this(metric, value, currency, labels, MetricKind.BALANCE);
    }

    public static Reading balance(BigDecimal value, String currency) {
        return new Reading(BALANCE, value, currency, Map.of(), MetricKind.BALANCE);
    }

    public static Reading spend(String metric, BigDecimal value, String currency) {
        return new Reading(metric, value, currency, Map.of(), MetricKind.SPEND);
    }
}
