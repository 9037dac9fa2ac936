package io.watchkeeper.collector.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.heartbeat.CheckRegistry;
import io.watchkeeper.collector.heartbeat.HeartbeatService;
import io.watchkeeper.collector.heartbeat.Signal;
import io.watchkeeper.collector.metric.MetricPublisher;
import io.watchkeeper.collector.pingkey.PingKeyService;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.ContractViolation;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.contracts.event.HeartbeatSignal;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.UsageReport;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import io.watchkeeper.platform.kafka.ConsumerGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Upstream producers' topics. Each record is checked against its contract and republished to {@code wk.metrics.v1}
 * with ids derived from its own {@code ce_id}, so a redelivered record republishes duplicates that consumers
 * recognise. The offset is committed after the broker acknowledged the republished events. What cannot be processed
 * is handled by the {@link ConsumerGuard}: a record that breaks the contract goes to {@code <topic>.dlq} with the
 * reason at once; while the broker or the database is down the record is retried, holding the partition; one that
 * keeps failing otherwise is dead-lettered after a few tries.
 */
@ApplicationScoped
public class IngestConsumers {

    /** The Kafka channels, one per ingest topic (mp.messaging.incoming.CHANNEL in application.properties). */
    public static final String USAGE_IN = "usage-in";

    public static final String ENERGY_IN = "energy-in";
    public static final String HEARTBEAT_IN = "heartbeat-in";

    private final MetricPublisher publisher;
    private final EnergyIntake intake;
    private final MeterRegistry registry;
    private final CheckRegistry checks;
    private final ConsumerGuard guard;

    public IngestConsumers(
            MetricPublisher publisher,
            EnergyIntake intake,
            MeterRegistry registry,
            CheckRegistry checks,
            ConsumerGuard guard) {
        this.publisher = publisher;
        this.intake = intake;
        this.registry = registry;
        this.checks = checks;
        this.guard = guard;
    }

    @Incoming(USAGE_IN)
    public Uni<Void> usage(Message<byte[]> message) {
        return guard.process(USAGE_IN, message, record -> {
            CloudEvent<UsageReport> event = decode(record, UsageReport.class, "usage");
            return publishAll(event.id(), IngestMetrics.usage(event.data()));
        });
    }

    @Incoming(ENERGY_IN)
    public Uni<Void> energy(Message<byte[]> message) {
        return guard.process(ENERGY_IN, message, record -> {
            EnergyReading reading =
                    decode(record, EnergyReading.class, "energy").data();
            String stale = intake.stale(reading);
            if (stale != null) {
                throw new ContractViolation("readAt " + stale);
            }
            return intake.take(reading).replaceWithVoid();
        });
    }

    @Incoming(HEARTBEAT_IN)
    public Uni<Void> heartbeat(Message<byte[]> message) {
        return guard.process(HEARTBEAT_IN, message, record -> {
            CloudEvent<HeartbeatSignal> event = decode(record, HeartbeatSignal.class, "heartbeat");
            HeartbeatSignal h = event.data();
            Signal signal = Signal.of(h.signal(), h.exitCode());
            return publishAll(
                            event.id(),
                            List.of(HeartbeatService.metric(h.tenant(), h.check(), signal, h.observedAt(), h.labels())))
                    // listed with the pinged checks, under the "kafka" placeholder key
                    .invoke(() ->
                            checks.seen(PingKeyService.kafka(h.tenant()), h.check(), signal, null, h.observedAt()));
        });
    }

    private Uni<Void> publishAll(String ceId, List<MetricEvent> metrics) {
        return Multi.createFrom()
                .iterable(metrics)
                .onItem()
                .transformToUniAndConcatenate(m -> publisher.publish(m, ceId + "/" + m.metric()))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private <T> CloudEvent<T> decode(ConsumerRecord<String, byte[]> record, Class<T> type, String kind) {
        try {
            CloudEvent<T> event = CloudEventMessages.decode(record, type);
            count(kind, "accepted");
            return event;
        } catch (ContractViolation violation) {
            count(kind, "rejected");
            throw violation;
        }
    }

    private void count(String kind, String outcome) {
        registry.counter("watchkeeper_collector_ingest_total", "kind", kind, "channel", "kafka", "outcome", outcome)
                .increment();
    }
}
