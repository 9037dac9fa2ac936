package io.watchkeeper.collector.metric;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes metric events on {@code wk.metrics.v1}, keyed by series so one series stays in order. */
@ApplicationScoped
public class MetricPublisher {

    public static final String CHANNEL = "metrics-out";
    public static final String SOURCE = "/watchkeeper/collector";

    private final MutinyEmitter<byte[]> emitter;
    /** Per kind: [published, failed] — looked up once, not on every ping. */
    private final java.util.Map<MetricKind, io.micrometer.core.instrument.Counter[]> counters =
            new java.util.EnumMap<>(MetricKind.class);

    public MetricPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        for (MetricKind kind : MetricKind.values()) {
            String tag = kind.name().toLowerCase(java.util.Locale.ROOT);
            counters.put(kind, new io.micrometer.core.instrument.Counter[] {
                registry.counter("watchkeeper_collector_metrics_published_total", "kind", tag, "outcome", "success"),
                registry.counter("watchkeeper_collector_metrics_published_total", "kind", tag, "outcome", "failure")
            });
        }
    }

    /** Completes when the broker has acknowledged the event. */
    public Uni<Void> publish(MetricEvent metric) {
        return publish(metric, java.util.UUID.randomUUID().toString());
    }

    /**
     * Publishes with a caller-chosen {@code ce_id}: a deterministic id (from a reading id, an idempotency
     * key) makes a re-sent event a recognisable duplicate that consumers drop.
     */
    public Uni<Void> publish(MetricEvent metric, String ceId) {
        return emitter.sendMessage(
                        CloudEventMessages.toMessage(metric.seriesKey(), CloudEvent.of(ceId, SOURCE, metric)))
                .onItemOrFailure()
                .invoke((ok, failure) -> counters.get(metric.kind())[failure == null ? 0 : 1].increment());
    }
}
