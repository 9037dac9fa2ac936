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
        return emitter.sendMessage(CloudEventMessages.toMessage(metric.seriesKey(), CloudEvent.of(SOURCE, metric)))
                .onItemOrFailure().invoke((ok, failure) -> registry.counter("watchkeeper_collector_metrics_published_total",
                        "kind", metric.kind().name().toLowerCase(java.util.Locale.ROOT),
                        "outcome", failure == null ? "success" : "failure").increment());
    }
}
