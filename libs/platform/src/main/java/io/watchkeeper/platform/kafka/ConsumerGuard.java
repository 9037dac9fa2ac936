package io.watchkeeper.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.watchkeeper.contracts.cloudevents.ContractViolation;
import io.watchkeeper.platform.faults.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What a consumer does with a record it cannot process, so that no record can stop a partition for good and none
 * is lost: a record that breaks the contract ({@link ContractViolation}) goes to the dead-letter topic at once; a
 * failure that passes by itself ({@link Failures#isTransient}: the database or broker down) is retried with
 * backoff for as long as it lasts, holding the partition; any other failure (a poison record) is retried
 * {@code watchkeeper.kafka.poison-attempts} times in all, then dead-lettered with the reason. The returned Uni
 * never fails. {@code watchkeeper_kafka_held_by_retries{channel}} counts the records (or batches) being retried.
 */
@ApplicationScoped
public class ConsumerGuard {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final DeadLetterQueue deadLetters;
    private final MeterRegistry registry;
    private final int poisonAttempts;
    private final ConcurrentHashMap<String, AtomicInteger> held = new ConcurrentHashMap<>();

    public ConsumerGuard(
            DeadLetterQueue deadLetters,
            MeterRegistry registry,
            @ConfigProperty(name = "watchkeeper.kafka.poison-attempts", defaultValue = "3") int poisonAttempts) {
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.poisonAttempts = Math.max(1, poisonAttempts);
    }

    /**
     * Processes one record of {@code channel} with {@code work} and acknowledges it (the channel's offset moves past it)
     * once it is processed or dead-lettered. {@code work} decodes the record first: a {@link ContractViolation} thrown
     * then is set aside without waiting — the next record goes on while the dead letter is written, and the offset
     * moves past it only once it is — so a flood of bad records costs the partition no round trip per record.
     */
    public Uni<Void> process(
            String channel, Message<?> message, Function<ConsumerRecord<String, byte[]>, Uni<Void>> work) {
        ConsumerRecord<String, byte[]> record = record(message);
        Uni<Void> first;
        try {
            first = work.apply(record);
        } catch (ContractViolation violation) {
            deadLetters.send(record, violation).subscribe().with(written -> message.ack());
            return Uni.createFrom().voidItem();
        }
        AtomicBoolean started = new AtomicBoolean();
        return handle(channel, record, () -> started.compareAndSet(false, true) ? first : work.apply(record))
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }

    /** One record of a batch the caller acknowledges: processed with the retries above, or dead-lettered. */
    public Uni<Void> handle(String channel, ConsumerRecord<String, byte[]> record, Supplier<Uni<Void>> work) {
        return retried(channel, "record at " + record.topic() + "-" + record.partition() + "@" + record.offset(), work)
                .onFailure()
                .recoverWithUni(failure -> deadLetters.send(record, reason(failure)));
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, byte[]> record(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, byte[]>) m.getRecord())
                .orElseThrow(() -> new IllegalArgumentException("not a Kafka record: " + message));
    }

    /**
     * Runs {@code work} (a batch, say) with the same retries; fails only with a {@link ContractViolation} or once a
     * poison failure has been tried {@code poison-attempts} times — the caller then splits the batch.
     */
    public Uni<Void> retried(String channel, String what, Supplier<Uni<Void>> work) {
        HeldMark mark = new HeldMark(counter(channel));
        return Uni.createFrom()
                .<Void>deferred(work::get)
                .onFailure(ConsumerGuard::poison)
                .invoke(e -> {
                    mark.enter();
                    Log.warnf(
                            "%s of %s failed (a poison record is tried %d times): %s",
                            what, channel, poisonAttempts, e.toString());
                })
                .onFailure(ConsumerGuard::poison)
                .retry()
                .withBackOff(FIRST_BACKOFF, FIRST_BACKOFF.multipliedBy(5))
                .atMost(poisonAttempts - 1L)
                .onFailure(Failures::isTransient)
                .invoke(e -> {
                    mark.enter();
                    Log.warnf("%s of %s failed, retrying while it lasts: %s", what, channel, e.toString());
                })
                .onFailure(Failures::isTransient)
                .retry()
                .withBackOff(FIRST_BACKOFF, MAX_BACKOFF)
                .indefinitely()
                .onTermination()
                .invoke(mark::leave);
    }

    /** Not a contract violation (dead-lettered at once) and not something that passes by itself. */
    private static boolean poison(Throwable failure) {
        return !(failure instanceof ContractViolation) && !Failures.isTransient(failure);
    }

    private static Throwable reason(Throwable failure) {
        return failure instanceof ContractViolation
                ? failure
                : new IllegalStateException("processing failed: " + failure, failure);
    }

    private AtomicInteger counter(String channel) {
        return held.computeIfAbsent(
                channel,
                c -> registry.gauge(
                        "watchkeeper_kafka_held_by_retries",
                        io.micrometer.core.instrument.Tags.of("channel", c),
                        new AtomicInteger()));
    }

    /** Counts a run once in the gauge while it is being retried. */
    private static final class HeldMark {
        private final AtomicInteger gauge;
        private boolean in;

        HeldMark(AtomicInteger gauge) {
            this.gauge = gauge;
        }

        synchronized void enter() {
            if (!in) {
                in = true;
                gauge.incrementAndGet();
            }
        }

        synchronized void leave() {
            if (in) {
                in = false;
                gauge.decrementAndGet();
            }
        }
    }
}
