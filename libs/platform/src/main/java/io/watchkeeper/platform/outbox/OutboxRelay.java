package io.watchkeeper.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.platform.kafka.BackgroundWork;
import io.watchkeeper.platform.kafka.SerialPasses;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes outbox rows in id order and marks them published, in one transaction per batch: a crash or a
 * broker outage leaves the rows unpublished and they go out on the next pass (a duplicate is possible and
 * harmless, consumers are idempotent on ce_id). Runs on every poll tick and whenever {@link #wake()} is called.
 */
@ApplicationScoped
public class OutboxRelay {

    /** The one outgoing channel; each record names its own topic. */
    public static final String CHANNEL = "wk-outbox";

    private final MutinyEmitter<byte[]> emitter;
    private final OutboxRepository repository;
    private final int batchSize;
    private final Duration retention;
    private final Counter published;
    private final Counter failures;
    private final Timer delay;
    private final SerialPasses passes;

    public OutboxRelay(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, OutboxRepository repository,
            BackgroundWork background, MeterRegistry registry,
            @ConfigProperty(name = "watchkeeper.outbox.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "watchkeeper.outbox.retention", defaultValue = "P1D") Duration retention) {
        this.emitter = emitter;
        this.repository = repository;
        this.passes = new SerialPasses("outbox relay", background, this::pass);
        this.batchSize = batchSize;
        this.retention = retention;
        this.published = registry.counter("watchkeeper_outbox_published_total");
        this.failures = registry.counter("watchkeeper_outbox_failures_total");
        this.delay = Timer.builder("watchkeeper_outbox_delay")
                .description("from an event's transaction to its record acknowledged by the broker")
                .publishPercentiles(0.5, 0.99).serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry);
    }

    /** Asks for a pass now (after a commit); passes never overlap. */
    public void wake() {
        passes.request();
    }

    @Scheduled(every = "${watchkeeper.outbox.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        wake();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        return Panache.withTransaction(() -> repository.prunePublished(Instant.now().minus(retention)))
                .replaceWithVoid();
    }

    /** One batch; true when the batch was full (more may be waiting). */
    private Uni<Boolean> pass() {
        // the batch is sent at once, in id order (the producer keeps that order per partition), and
        // acknowledged together: one broker round trip and one update per batch, not one per row
        return Panache.withTransaction(() -> repository.lockNextBatch(batchSize).chain(rows -> rows.isEmpty()
                ? Uni.createFrom().item(false)
                : Uni.join().all(rows.stream().map(this::publish).toList()).andFailFast()
                        .chain(() -> repository.markPublished(rows.stream().map(row -> row.id).toList(), Instant.now()))
                        .map(done -> {
                            published.increment(rows.size());
                            Instant sent = Instant.now();
                            rows.forEach(row -> delay.record(Duration.between(row.createdAt, sent)));
                            return rows.size() == batchSize;
                        })))
                .onFailure().invoke(failure -> failures.increment());
    }

    private Uni<Void> publish(OutboxEvent row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventCodec.CE_SPECVERSION, bytes(CloudEventCodec.SPEC_VERSION));
        headers.add(CloudEventCodec.CE_ID, bytes(row.ceId));
        headers.add(CloudEventCodec.CE_SOURCE, bytes(row.ceSource));
        headers.add(CloudEventCodec.CE_TYPE, bytes(row.ceType));
        headers.add(CloudEventCodec.CE_TIME, bytes(row.ceTime.toString()));
        headers.add(CloudEventCodec.CONTENT_TYPE, bytes(CloudEventCodec.JSON));
        Message<byte[]> message = Message.of(row.payload.getBytes(StandardCharsets.UTF_8))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.topic).withKey(row.recordKey).withHeaders(headers).build());
        return emitter.sendMessage(message);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
