package io.watchkeeper.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.collector.heartbeat.HeartbeatService;
import io.watchkeeper.collector.heartbeat.Signal;
import io.watchkeeper.contracts.EventType;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.UsageReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the collector republishes from the largest upstream record its contract allows still keeps the metric's. */
class IngestMetricsTest {

    private static final CloudEventCodec CODEC = CloudEventCodec.instance();
    private static final Instant T = Instant.parse("2026-11-22T08:00:00Z");
    private static final Map<String, String> MOST_LABELS =
            IntStream.range(0, 60).boxed().collect(Collectors.toMap(i -> "l" + i, i -> "v"));

    @Test
    void usage_energy_and_heartbeats_with_the_most_labels_allowed_become_valid_metrics() {
        UsageReport usage = new UsageReport(
                "acme", "chat", 1, 0, 10L, new BigDecimal("0.5"), "USD", new BigDecimal("12.5"), MOST_LABELS, T);
        EnergyReading energy =
                new EnergyReading("r-1", "electricity", "meter-7", "building-a", BigDecimal.TEN, "kWh", MOST_LABELS, T);
        assertThat(CODEC.validate(EventType.USAGE, CODEC.mapper().valueToTree(usage)))
                .isEmpty();
        assertThat(CODEC.validate(EventType.ENERGY, CODEC.mapper().valueToTree(energy)))
                .isEmpty();

        List<MetricEvent> metrics = new ArrayList<>(IngestMetrics.usage(usage));
        metrics.add(IngestMetrics.energy(energy));
        metrics.add(HeartbeatService.metric("acme", "nightly-backup", Signal.PING, T, MOST_LABELS));
        assertThat(metrics).hasSize(7).allSatisfy(m -> assertThat(
                        CODEC.validate(EventType.METRIC, CODEC.mapper().valueToTree(m)))
                .as(m.metric())
                .isEmpty());
    }
}
