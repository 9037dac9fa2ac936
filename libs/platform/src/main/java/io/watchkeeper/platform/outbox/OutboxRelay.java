package io.watchkeeper.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.platform.kafka.BackgroundWork;
import io.watchkeeper.platform.kafka.SerialPasses;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes outbox rows in id order and marks them published, in one transaction per batch: a crash or a
 * broker outage leaves the rows unpublished and they go out on the next pass (a duplicate is possible and
 * harmless, consumers are idempotent on ce_id). Runs on every poll tick and whenever {@link #wake()} is called.
 */
@ApplicationScoped
public class OutboxRelay {

    /** The one outgoing channel; each record names its own topic. */
    public static final String CHANNEL = "wk-outbox";

    private final KafkaClientService clients;
    private final Pool pool;
    private final int batchSize;
    private final Duration retention;
    private final Counter published;
    private final Counter failures;
    private final Timer delay;
    private final SerialPasses passes;
    private KafkaProducer<String, byte[]> producer;

    /**
     * {@code wired}: the channel's emitter, never sent through; it connects the channel, so the connector makes the
     * producer the relay sends with.
     */
    public OutboxRelay(
            @Channel(CHANNEL) MutinyEmitter<byte[]> wired,
            KafkaClientService clients,
            Pool pool,
            BackgroundWork background,
            MeterRegistry registry,
            @ConfigProperty(name = "watchkeeper.outbox.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "watchkeeper.outbox.retention", defaultValue = "P1D") Duration retention) {
        this.clients = clients;
        this.pool = pool;
        this.passes = new SerialPasses("outbox relay", background, this::pass);
        this.batchSize = batchSize;
        this.retention = retention;
        this.published = registry.counter("watchkeeper_outbox_published_total");
        this.failures = registry.counter("watchkeeper_outbox_failures_total");
        this.delay = Timer.builder("watchkeeper_outbox_delay")
                .description("from an event's transaction to its record acknowledged by the broker")
                .publishPercentiles(0.5, 0.99)
                .serviceLevelObjectives(
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5))
                .register(registry);
    }

    /** Asks for a pass now (after a commit); passes never overlap. */
    public void wake() {
        passes.request();
    }

    @Scheduled(
            every = "${watchkeeper.outbox.poll-interval:1s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        wake();
    }

    @Scheduled(
            every = "1h",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        // published events are on Kafka: the table is only a buffer
        return pool.preparedQuery("DELETE FROM outbox_event WHERE published_at < $1")
                .execute(Tuple.of(Instant.now().minus(retention).atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** One batch; true when the batch was full (more may be waiting). */
    private Uni<Boolean> pass() {
        // the oldest unpublished rows, locked so a second instance waits instead of reordering; sent at once, in id
        // order (the producer keeps that order per partition), and acknowledged together: one broker round trip and
        // one update per batch, not one per row. The SQL client, not Hibernate: no entities to load and check.
        return pool.withTransaction(conn -> conn.preparedQuery(
                                """
                        SELECT id, topic, record_key, ce_id, ce_type, ce_source, ce_time, payload, created_at
                          FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE""")
                        .execute(Tuple.of(batchSize))
                        .chain(found -> {
                            List<Row> rows = new ArrayList<>(found.size());
                            found.forEach(rows::add);
                            if (rows.isEmpty()) {
                                return Uni.createFrom().item(false);
                            }
                            return Uni.join()
                                    .all(rows.stream().map(this::publish).toList())
                                    .andFailFast()
                                    .chain(() -> conn.preparedQuery(
                                                    "UPDATE outbox_event SET published_at = now() WHERE id = ANY($1)")
                                            .execute(Tuple.of(rows.stream()
                                                    .map(r -> r.getLong(0))
                                                    .toArray(Long[]::new))))
                                    .map(done -> {
                                        published.increment(rows.size());
                                        Instant sent = Instant.now();
                                        rows.forEach(r -> delay.record(Duration.between(
                                                r.getOffsetDateTime(8).toInstant(), sent)));
                                        return rows.size() == batchSize;
                                    });
                        }))
                .onFailure()
                .invoke(failure -> failures.increment());
    }

    private Uni<Void> publish(Row row) {
        if (row.getString(7) == null) {
            // a tombstone: no value, no event headers — the compacted topic forgets the key
            return producer()
                    .send(new ProducerRecord<String, byte[]>(row.getString(1), row.getString(2), null))
                    .replaceWithVoid();
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventCodec.CE_SPECVERSION, bytes(CloudEventCodec.SPEC_VERSION));
        headers.add(CloudEventCodec.CE_ID, bytes(row.getString(3)));
        headers.add(CloudEventCodec.CE_SOURCE, bytes(row.getString(5)));
        headers.add(CloudEventCodec.CE_TYPE, bytes(row.getString(4)));
        headers.add(
                CloudEventCodec.CE_TIME,
                bytes(row.getOffsetDateTime(6).toInstant().toString()));
        headers.add(CloudEventCodec.CONTENT_TYPE, bytes(CloudEventCodec.JSON));
        return producer()
                .send(new ProducerRecord<>(
                        row.getString(1),
                        null,
                        row.getString(2),
                        row.getString(7).getBytes(StandardCharsets.UTF_8),
                        headers))
                .replaceWithVoid();
    }

    /**
     * The channel's own producer (its configuration: acks=all, idempotent), used directly: the relay already batches,
     * waits and retries, and the connector's per-message pipeline only added allocations on this path.
     */
    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = clients.getProducer(CHANNEL);
        }
        return producer;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
