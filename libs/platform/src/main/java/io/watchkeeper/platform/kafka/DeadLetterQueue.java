package io.watchkeeper.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.platform.outbox.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Writes a consumed record that cannot be processed to {@code <topic>.dlq}: its key, value and headers as they
 * were, plus {@code dead-letter-reason}, {@code -cause}, {@code -topic}, {@code -partition} and {@code -offset}.
 * The returned Uni completes once the broker has the dead letter, so the caller may then move past the record;
 * it never fails. A dead letter too large for the broker is written without the original value and headers
 * ({@code dead-letter-omitted} says what was left out and how big it was); any other failure (the broker down)
 * is retried with backoff for as long as it lasts — a record is never skipped unrecorded.
 */
@ApplicationScoped
public class DeadLetterQueue {

    static final int MAX_REASON_CHARS = 1000;
    private static final Duration WARN_EVERY = Duration.ofSeconds(10);

    private final KafkaClientService clients;
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, AtomicLong> quietSince = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> unlogged = new ConcurrentHashMap<>();
    private volatile KafkaProducer<String, byte[]> producer;

    /** {@code wired}: connects the outbox channel, whose producer (acks=all, idempotent) writes the dead letters. */
    public DeadLetterQueue(
            @Channel(OutboxRelay.CHANNEL) MutinyEmitter<byte[]> wired,
            KafkaClientService clients,
            MeterRegistry registry) {
        this.clients = clients;
        this.registry = registry;
    }

    /** One dead letter: the record and why it cannot be processed. */
    public record Entry(ConsumerRecord<String, byte[]> record, Throwable reason) {}

    public Uni<Void> send(ConsumerRecord<String, byte[]> record, Throwable reason) {
        return send(record, reason, true);
    }

    private Uni<Void> send(ConsumerRecord<String, byte[]> record, Throwable reason, boolean log) {
        if (log) {
            log(record, reason);
        }
        String topic = Topics.deadLetter(record.topic());
        return Uni.createFrom()
                .deferred(() -> producer().send(whole(topic, record, reason)))
                .onFailure(DeadLetterQueue::tooLarge)
                .recoverWithUni(
                        e -> producer().send(slim(topic, record, reason)).invoke(() -> count(topic, "slimmed")))
                .onFailure()
                .invoke(e -> {
                    registry.counter("watchkeeper_kafka_dead_letter_failures_total", "topic", topic)
                            .increment();
                    Log.warnf(
                            "dead letter for %s-%d@%d not written yet, retrying: %s",
                            record.topic(), record.partition(), record.offset(), e.getMessage());
                })
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely()
                .invoke(() -> count(topic, "written"))
                .replaceWithVoid();
    }

    /**
     * Several at once (a batch's bad records); completes when the broker has all of them. Handed to the producer in
     * one task (a flood of bad records costs one hand-over per batch, not one per record); those the producer refuses
     * go through {@link #send} one by one, with its fallback and retries.
     */
    public Uni<Void> sendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        entries.forEach(e -> log(e.record(), e.reason()));
        return producer()
                .runOnSendingThread(p -> {
                    List<CompletableFuture<Void>> acks = new ArrayList<>(entries.size());
                    for (Entry e : entries) {
                        CompletableFuture<Void> ack = new CompletableFuture<>();
                        acks.add(ack);
                        p.send(
                                whole(Topics.deadLetter(e.record().topic()), e.record(), e.reason()),
                                (metadata, failure) -> {
                                    if (failure == null) {
                                        ack.complete(null);
                                    } else {
                                        ack.completeExceptionally(failure);
                                    }
                                });
                    }
                    return acks;
                })
                .chain(acks -> Uni.createFrom()
                        .completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                                .handle((ok, failure) -> acks))
                        .chain(() -> {
                            List<Uni<Void>> again = new ArrayList<>();
                            for (int i = 0; i < entries.size(); i++) {
                                Entry e = entries.get(i);
                                if (acks.get(i).isCompletedExceptionally()) {
                                    again.add(send(e.record(), e.reason(), false));
                                } else {
                                    count(Topics.deadLetter(e.record().topic()), "written");
                                }
                            }
                            return again.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : Uni.join().all(again).andFailFast().replaceWithVoid();
                        }))
                .onFailure()
                .recoverWithUni(e -> Uni.join()
                        .all(entries.stream()
                                .map(x -> send(x.record(), x.reason(), false))
                                .toList())
                        .andFailFast()
                        .replaceWithVoid());
    }

    private static ProducerRecord<String, byte[]> whole(
            String topic, ConsumerRecord<String, byte[]> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        origin(headers, record, reason);
        return new ProducerRecord<>(
                topic, null, record.key(), record.value() == null ? new byte[0] : record.value(), headers);
    }

    private static ProducerRecord<String, byte[]> slim(
            String topic, ConsumerRecord<String, byte[]> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        origin(headers, record, reason);
        headers.add(
                "dead-letter-omitted",
                utf8("value (" + (record.value() == null ? 0 : record.value().length) + " bytes) and headers ("
                        + record.headers().toArray().length + ")"));
        return new ProducerRecord<>(topic, null, record.key(), new byte[0], headers);
    }

    private static void origin(Headers headers, ConsumerRecord<String, byte[]> record, Throwable reason) {
        headers.add("dead-letter-reason", utf8(truncate(reason.getMessage())));
        headers.add("dead-letter-cause", utf8(reason.getClass().getName()));
        headers.add("dead-letter-topic", utf8(record.topic()));
        headers.add("dead-letter-partition", utf8(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", utf8(Long.toString(record.offset())));
    }

    static String truncate(String reason) {
        String text = reason == null ? "" : reason;
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS - 1) + "…";
    }

    private static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private void count(String topic, String outcome) {
        registry.counter("watchkeeper_kafka_dead_letters_total", "topic", topic, "outcome", outcome)
                .increment();
    }

    /** A warning per topic at most every 10 s, saying how many went unlogged since: a flood must not flood the log. */
    private void log(ConsumerRecord<String, byte[]> record, Throwable reason) {
        long now = System.nanoTime();
        AtomicLong since = quietSince.computeIfAbsent(record.topic(), t -> new AtomicLong(now - WARN_EVERY.toNanos()));
        AtomicLong skipped = unlogged.computeIfAbsent(record.topic(), t -> new AtomicLong());
        long last = since.get();
        if (now - last >= WARN_EVERY.toNanos() && since.compareAndSet(last, now)) {
            long more = skipped.getAndSet(0);
            Log.warnf(
                    "record at %s-%d@%d sent to the dead-letter topic: %s%s",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    truncate(reason.getMessage()),
                    more > 0 ? " (and " + more + " more since the last warning)" : "");
        } else {
            skipped.incrementAndGet();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = clients.getProducer(OutboxRelay.CHANNEL);
        }
        return producer;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
