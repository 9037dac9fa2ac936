package io.watchkeeper.evaluator.quota;

import io.quarkus.logging.Log;
import io.watchkeeper.contracts.cloudevents.ContractViolation;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the compacted {@code wk.quotas.v1} from the beginning at every start (a fresh consumer group per
 * instance) into the {@link QuotaBook}. A tombstone or {@code deleted: true} removes the quota; a record that
 * breaks the contract goes to {@code wk.quotas.v1.dlq} with the reason. Reading a definition twice is harmless.
 */
@ApplicationScoped
public class QuotaConsumer {

    private final QuotaBook book;

    public QuotaConsumer(QuotaBook book) {
        this.book = book;
    }

    @Incoming("quotas-in")
    public CompletionStage<Void> consume(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            book.remove(record.key());
            return CompletableFuture.completedFuture(null);
        }
        QuotaEvent quota;
        try {
            quota = CloudEventMessages.decode(record, QuotaEvent.class).data();
        } catch (ContractViolation violation) {
            Log.warnf("quota at %s-%d@%d sent to the dead-letter topic: %s", record.topic(), record.partition(),
                    record.offset(), violation.getMessage());
            return CompletableFuture.failedFuture(violation);
        }
        if (Boolean.TRUE.equals(quota.deleted())) {
            book.remove(quota.quotaId());
        } else {
            book.put(quota);
        }
        return CompletableFuture.completedFuture(null);
    }
}
