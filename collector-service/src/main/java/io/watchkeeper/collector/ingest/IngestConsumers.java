package io.watchkeeper.collector.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
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
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Upstream producers' topics. Each record is checked against its contract — a bad one goes to
 * {@code <topic>.dlq} with the reason — and republished to {@code wk.metrics.v1} with ids derived from its
 * own {@code ce_id}, so a redelivered record republishes duplicates that consumers recognise. The offset is
 * committed after the broker acknowledged the republished events; if the broker is down the record is
 * retried, holding the partition.
 */
@ApplicationScoped
public class IngestConsumers {

    private final MetricPublisher publisher;
    private final EnergyLedger energy;
    private final MeterRegistry registry;
    private final CheckRegistry checks;

    public IngestConsumers(MetricPublisher publisher, EnergyLedger energy, MeterRegistry registry, CheckRegistry checks) {
        this.publisher = publisher;
        this.energy = energy;
        this.registry = registry;
        this.checks = checks;
    }

    @Incoming("usage-in")
    public Uni<Void> usage(ConsumerRecord<String, byte[]> record) {
        return decode(record, UsageReport.class, "usage")
                .chain(event -> publishAll(event.id(), IngestMetrics.usage(event.data())));
    }

    @Incoming("energy-in")
    public Uni<Void> energy(ConsumerRecord<String, byte[]> record) {
        return decode(record, EnergyReading.class, "energy")
                .chain(event -> energy.record(event.data())
                        .chain(() -> publisher.publish(IngestMetrics.energy(event.data()), "energy:" + event.data().readingId()))
                        .onFailure().invoke(e -> Log.warnf("energy reading %s not recorded yet, retrying: %s",
                                event.data().readingId(), e.getMessage()))
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely());
    }

    @Incoming("heartbeat-in")
    public Uni<Void> heartbeat(ConsumerRecord<String, byte[]> record) {
        return decode(record, HeartbeatSignal.class, "heartbeat").chain(event -> {
            HeartbeatSignal h = event.data();
            Signal signal = Signal.of(h.signal(), h.exitCode());
            return publishAll(event.id(), List.of(HeartbeatService.metric(h.tenant(), h.check(), signal, h.observedAt(),
                            h.labels())))
                    // listed with the pinged checks, under the "kafka" placeholder key
                    .invoke(() -> checks.seen(PingKeyService.kafka(h.tenant()), h.check(), signal, null, h.observedAt()));
        });
    }

    private Uni<Void> publishAll(String ceId, List<MetricEvent> metrics) {
        return Multi.createFrom().iterable(metrics)
                .onItem().transformToUniAndConcatenate(m -> publisher.publish(m, ceId + "/" + m.metric()))
                .collect().last().replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("republishing %s failed, retrying: %s", ceId, e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    private <T> Uni<CloudEvent<T>> decode(ConsumerRecord<String, byte[]> record, Class<T> type, String kind) {
        try {
            CloudEvent<T> event = CloudEventMessages.decode(record, type);
            registry.counter("watchkeeper_collector_ingest_total", "kind", kind, "channel", "kafka", "outcome", "accepted")
                    .increment();
            return Uni.createFrom().item(event);
        } catch (ContractViolation violation) {
            registry.counter("watchkeeper_collector_ingest_total", "kind", kind, "channel", "kafka", "outcome", "rejected")
                    .increment();
            Log.warnf("%s record at %s-%d@%d sent to the dead-letter topic: %s", kind, record.topic(),
                    record.partition(), record.offset(), violation.getMessage());
            return Uni.createFrom().failure(violation);
        }
    }
}
