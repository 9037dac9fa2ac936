package io.watchkeeper.evaluator.quota;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import io.watchkeeper.platform.kafka.ConsumerGuard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads the compacted {@code wk.quotas.v1} from the beginning at every start (a fresh consumer group per
 * instance) into the {@link QuotaBook}. A tombstone or {@code deleted: true} removes the quota; a record that
 * breaks the contract goes to {@code wk.quotas.v1.dlq} with the reason. Reading a definition twice is harmless.
 */
@ApplicationScoped
public class QuotaConsumer {

    /** The Kafka channel of wk.quotas.v1. */
    public static final String CHANNEL = "quotas-in";

    private final QuotaBook book;
    private final ConsumerGuard guard;

    public QuotaConsumer(QuotaBook book, ConsumerGuard guard) {
        this.book = book;
        this.guard = guard;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return guard.process(CHANNEL, message, record -> {
            if (record.value() == null) {
                book.remove(record.key());
                return Uni.createFrom().voidItem();
            }
            QuotaEvent quota =
                    CloudEventMessages.decode(record, QuotaEvent.class).data();
            if (Boolean.TRUE.equals(quota.deleted())) {
                book.remove(quota.quotaId());
            } else {
                book.put(quota);
            }
            return Uni.createFrom().voidItem();
        });
    }
}
