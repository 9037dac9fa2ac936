package io.watchkeeper.collector.ingest;

import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.contracts.event.UsageReport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How ingested records become metric events (the names rules refer to). */
public final class IngestMetrics {

    public static final String ENERGY = "energy_consumption";

    private IngestMetrics() {}

    /**
     * {@code usage_calls}, {@code usage_errors} and, when reported, {@code usage_tokens}, {@code usage_cost}
     * (unit = currency) and {@code usage_latency_ms}, labelled by tenant and app.
     */
    public static List<MetricEvent> usage(UsageReport r) {
        Map<String, String> labels = new HashMap<>(r.labels());
        labels.put("tenant", r.tenant());
        labels.put("app", r.app());
        List<MetricEvent> out = new ArrayList<>();
        out.add(usage("usage_calls", BigDecimal.valueOf(r.calls()), null, labels, r));
        out.add(usage("usage_errors", BigDecimal.valueOf(r.errors()), null, labels, r));
        if (r.tokens() != null) {
            out.add(usage("usage_tokens", BigDecimal.valueOf(r.tokens()), null, labels, r));
        }
        if (r.cost() != null) {
            out.add(usage("usage_cost", r.cost(), r.currency(), labels, r));
        }
        if (r.latencyMs() != null) {
            out.add(usage("usage_latency_ms", r.latencyMs(), "ms", labels, r));
        }
        return out;
    }

    /** {@code energy_consumption}, labelled by energy type, device and device group. */
    public static MetricEvent energy(EnergyReading r) {
        Map<String, String> labels = new HashMap<>(r.labels());
        labels.put("energy_type", r.energyType());
        labels.put("device", r.deviceId());
        if (r.deviceGroup() != null) {
            labels.put("device_group", r.deviceGroup());
        }
        return new MetricEvent(ENERGY, MetricKind.ENERGY, r.value(), r.unit(), labels, r.readAt());
    }

    private static MetricEvent usage(
            String metric, BigDecimal value, String unit, Map<String, String> labels, UsageReport r) {
        return new MetricEvent(metric, MetricKind.USAGE, value, unit, labels, r.observedAt());
    }
}
