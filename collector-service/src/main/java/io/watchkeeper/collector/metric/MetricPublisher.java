package io.watchkeeper.collector.metric;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes metric events on {@code wk.metrics.v1}, keyed by series so one series stays in order. */
@ApplicationScoped
public class MetricPublisher {

    public static final String CHANNEL = "metrics-out";
    public static final String SOURCE = "/watchkeeper/collector";

    private final MutinyEmitter<byte[]> emitter;
    private final MeterRegistry registry;

    public MetricPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        this.registry = registry;
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
        return emitter.sendMessage(CloudEventMessages.toMessage(metric.seriesKey(), CloudEvent.of(ceId, SOURCE, metric)))
                .onItemOrFailure().invoke((ok, failure) -> registry.counter("watchkeeper_collector_metrics_published_total",
                        "kind", metric.kind().name().toLowerCase(java.util.Locale.ROOT),
                        "outcome", failure == null ? "success" : "failure").increment());
    }
}
