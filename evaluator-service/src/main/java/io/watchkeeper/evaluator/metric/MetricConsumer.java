package io.watchkeeper.evaluator.metric;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.ContractViolation;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.evaluator.engine.Engine;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code wk.metrics.v1} in batches (what makes 50,000 events/s possible). A record that breaks the
 * contract is copied to {@code wk.metrics.v1.dlq} with the reason and the rest of the batch goes on. Once its
 * dead letters are written and the engine has evaluated it, a batch is acknowledged and the next one taken:
 * nothing holds the records while the alert transitions they caused commit. Where to resume after a crash or
 * a rebalance is the engine's checkpoint (it covers a batch only once its transitions are committed); the
 * offsets committed to Kafka report progress (consumer lag). Replayed records are harmless: alert transitions
 * are idempotent per episode.
 */
@ApplicationScoped
public class MetricConsumer {

    public static final String CHANNEL = "metrics-in";

    private final Engine engine;
    private final MutinyEmitter<byte[]> deadLetters;
    private final Counter invalid;

    public MetricConsumer(Engine engine, @Channel("metrics-dlq") MutinyEmitter<byte[]> deadLetters,
            MeterRegistry registry) {
        this.engine = engine;
        this.deadLetters = deadLetters;
        this.invalid = registry.counter("watchkeeper_evaluator_events_total", "outcome", "invalid");
    }

    @Incoming(CHANNEL)
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(Message<List<byte[]>> batch) {
        ConsumerRecords<String, byte[]> records = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .map(m -> (ConsumerRecords<String, byte[]>) m.getRecords()).orElseThrow();
        List<Engine.Input> inputs = new ArrayList<>(records.count());
        List<Uni<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                CloudEvent<MetricEvent> event = CloudEventMessages.decode(record, MetricEvent.class);
                inputs.add(new Engine.Input(record.partition(), record.offset(),
                        record.key() != null ? record.key() : event.data().seriesKey(), event.id(), event.data()));
            } catch (ContractViolation violation) {
                invalid.increment();
                Log.warnf("metric at %s-%d@%d sent to the dead-letter topic: %s", record.topic(), record.partition(),
                        record.offset(), violation.getMessage());
                dead.add(deadLetters.sendMessage(CloudEventMessages.deadLetter(record, violation)));
            }
        }
        Uni<Void> written = dead.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(dead).andFailFast().replaceWithVoid();
        // evaluated: acknowledged, and the next batch taken; the engine's checkpoint says where to resume
        return written.chain(() -> engine.process(inputs)).chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }
}
