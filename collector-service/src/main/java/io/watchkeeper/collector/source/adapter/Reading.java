package io.watchkeeper.collector.source.adapter;

import java.math.BigDecimal;
import java.util.Map;

/** One value a poll produced: {@code metric} (e.g. provider_balance), amount and currency, extra labels. */
public record Reading(String metric, BigDecimal value, String currency, Map<String, String> labels) {

    public static final String BALANCE = "provider_balance";

    public Reading {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static Reading balance(BigDecimal value, String currency) {
        return new Reading(BALANCE, value, currency, Map.of());
    }
}
