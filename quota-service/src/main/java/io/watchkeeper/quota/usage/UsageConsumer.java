package io.watchkeeper.quota.usage;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import io.watchkeeper.platform.kafka.ConsumerGuard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps the evaluator's usage reports ({@code wk.quota-usage.v1}): the consumed amount of every quota and period.
 * A report older than the one kept, or of a quota this service does not own, changes nothing; one that breaks the
 * contract goes to {@code wk.quota-usage.v1.dlq}.
 */
@ApplicationScoped
public class UsageConsumer {

    /** The Kafka channel of wk.quota-usage.v1. */
    public static final String CHANNEL = "usage-in";

    private final UsageRepository usage;
    private final ConsumerGuard guard;

    public UsageConsumer(UsageRepository usage, ConsumerGuard guard) {
        this.usage = usage;
        this.guard = guard;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return guard.process(
                CHANNEL,
                message,
                record -> record.value() == null
                        ? Uni.createFrom().voidItem()
                        : usage.keep(CloudEventMessages.decode(record, QuotaUsageEvent.class)
                                        .data())
                                .replaceWithVoid());
    }
}
