package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Data of {@code wk.metrics.v1}: one observation of one series. {@code annotations} (optional, added) are words an
 * event brings along, not part of the series: the evaluator copies them into the alert the event opens or updates.
 */
public record MetricEvent(
        String metric,
        MetricKind kind,
        BigDecimal value,
        String unit,
        Map<String, String> labels,
        Instant observedAt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

    public MetricEvent {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** An observation without annotations (every source but event intake). */
    public MetricEvent(
            String metric,
            MetricKind kind,
            BigDecimal value,
            String unit,
            Map<String, String> labels,
            Instant observedAt) {
        this(metric, kind, value, unit, labels, observedAt, Map.of());
    }

    /** The series key (metric + sorted labels), also the Kafka record key. */
    public String seriesKey() {
        return seriesKey(metric, labels);
    }

    public static String seriesKey(String metric, Map<String, String> labels) {
        return new TreeMap<>(labels)
                .entrySet().stream()
                        .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                        .collect(Collectors.joining(",", metric + "{", "}"));
    }
}
