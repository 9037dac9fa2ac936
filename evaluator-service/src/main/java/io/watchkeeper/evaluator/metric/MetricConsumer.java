package io.watchkeeper.evaluator.metric;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.ContractViolation;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.evaluator.engine.Engine;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import io.watchkeeper.platform.kafka.DeadLetterQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code wk.metrics.v1} in batches (what makes 50,000 events/s possible). A record that breaks the
 * contract is copied to {@code wk.metrics.v1.dlq} with the reason, and so is one whose evaluation throws; the rest
 * of the batch goes on. Once its dead letters are written and the engine has evaluated it, a batch is acknowledged
 * and the next one taken: nothing holds the records while the alert transitions they caused commit. Where to resume
 * after a crash or a rebalance is the engine's checkpoint (it covers a batch, dead-lettered records included, only
 * once its transitions and dead letters are written); the offsets committed to Kafka report progress (consumer
 * lag). Replayed records are harmless: alert transitions are idempotent per episode, dead letters carry their
 * origin.
 */
@ApplicationScoped
public class MetricConsumer {

    public static final String CHANNEL = "metrics-in";

    private final Engine engine;
    private final DeadLetterQueue deadLetters;
    private final Counter invalid;

    public MetricConsumer(Engine engine, DeadLetterQueue deadLetters, MeterRegistry registry) {
        this.engine = engine;
        this.deadLetters = deadLetters;
        this.invalid = registry.counter("watchkeeper_evaluator_events_total", "outcome", "invalid");
    }

    @Incoming(CHANNEL)
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(Message<List<byte[]>> batch) {
        ConsumerRecords<String, byte[]> records = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .map(m -> (ConsumerRecords<String, byte[]>) m.getRecords())
                .orElseThrow();
        List<Engine.Input> inputs = new ArrayList<>(records.count());
        List<DeadLetterQueue.Entry> dead = new ArrayList<>();
        Map<Integer, Long> nextOffsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(tp);
            nextOffsets.put(
                    tp.partition(), inPartition.get(inPartition.size() - 1).offset() + 1);
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                CloudEvent<MetricEvent> event = CloudEventMessages.decode(record, MetricEvent.class);
                inputs.add(new Engine.Input(
                        record.partition(),
                        record.offset(),
                        record.key() != null ? record.key() : event.data().seriesKey(),
                        event.id(),
                        event.data()));
            } catch (ContractViolation violation) {
                dead.add(new DeadLetterQueue.Entry(record, violation));
            }
        }
        invalid.increment(dead.size());
        // evaluated: acknowledged, and the next batch taken; the engine's checkpoint says where to resume
        // dead letters first: the checkpoint may move past them as soon as the batch is evaluated
        return deadLetters
                .sendAll(dead)
                .chain(() -> engine.process(
                        inputs,
                        nextOffsets,
                        rejected -> deadLetters.sendAll(rejected.stream()
                                .map(r -> new DeadLetterQueue.Entry(source(records, r.input()), r.reason()))
                                .toList())))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** The record an input came from (looked up only for the rare event whose evaluation threw). */
    private static ConsumerRecord<String, byte[]> source(ConsumerRecords<String, byte[]> records, Engine.Input input) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.partition() == input.partition() && record.offset() == input.offset()) {
                return record;
            }
        }
        throw new IllegalStateException("no record at partition " + input.partition() + " offset " + input.offset());
    }
}
