package io.watchkeeper.contracts.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Data of {@code wk.metrics.v1}: one observation of one series. */
public record MetricEvent(String metric, MetricKind kind, BigDecimal value, String unit,
        Map<String, String> labels, Instant observedAt) {

    public MetricEvent {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The series key (metric + sorted labels), also the Kafka record key. */
    public String seriesKey() {
        return seriesKey(metric, labels);
    }

    public static String seriesKey(String metric, Map<String, String> labels) {
        return new TreeMap<>(labels).entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", metric + "{", "}"));
    }
}
