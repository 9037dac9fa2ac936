package io.watchkeeper.evaluator.metric;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.cloudevents.ContractViolation;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.evaluator.engine.Engine;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code wk.metrics.v1}. A record that breaks the contract fails at once and goes to
 * {@code wk.metrics.v1.dlq} with the reason; a transient failure (database down) is retried with backoff,
 * holding the partition, so nothing is skipped. Offsets are committed after processing.
 * Re-delivered events are harmless: the engine keeps the latest time per series and transitions are
 * conditional on the alert's current state.
 */
@ApplicationScoped
public class MetricConsumer {

    public static final String CHANNEL = "metrics-in";

    private final Engine engine;
    private final Counter accepted;
    private final Counter invalid;

    public MetricConsumer(Engine engine, MeterRegistry registry) {
        this.engine = engine;
        this.accepted = registry.counter("watchkeeper_evaluator_events_total", "outcome", "accepted");
        this.invalid = registry.counter("watchkeeper_evaluator_events_total", "outcome", "invalid");
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        MetricEvent metric;
        try {
            metric = CloudEventMessages.decode(record, MetricEvent.class).data();
        } catch (ContractViolation violation) {
            invalid.increment();
            Log.warnf("metric at %s-%d@%d sent to the dead-letter topic: %s", record.topic(), record.partition(),
                    record.offset(), violation.getMessage());
            return Uni.createFrom().failure(violation);
        }
        accepted.increment();
        return engine.onMetric(metric)
                .onFailure().invoke(e -> Log.warnf("evaluating %s failed, retrying: %s", record.key(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
