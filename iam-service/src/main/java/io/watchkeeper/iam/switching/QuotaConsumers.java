package io.watchkeeper.iam.switching;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import io.watchkeeper.platform.kafka.ConsumerGuard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The two inputs of automatic switching: quota exhaustions on {@code wk.alerts.v1} and quota definitions on the
 * compacted {@code wk.quotas.v1} (a tombstone changes nothing: a deleted quota re-enables no one by itself). Each
 * record is acknowledged once its switch is recorded; one that breaks the contract goes to the dead-letter topic.
 */
@ApplicationScoped
public class QuotaConsumers {

    /** The Kafka channels of wk.alerts.v1 and wk.quotas.v1. */
    public static final String ALERTS_IN = "alerts-in";

    public static final String QUOTAS_IN = "quotas-in";

    private final SwitchService service;
    private final ConsumerGuard guard;

    public QuotaConsumers(SwitchService service, ConsumerGuard guard) {
        this.service = service;
        this.guard = guard;
    }

    @Incoming(ALERTS_IN)
    public Uni<Void> alert(Message<byte[]> message) {
        return guard.process(
                ALERTS_IN,
                message,
                record -> service.quotaExhausted(
                        CloudEventMessages.decode(record, AlertEvent.class).data()));
    }

    @Incoming(QUOTAS_IN)
    public Uni<Void> quota(Message<byte[]> message) {
        return guard.process(
                QUOTAS_IN,
                message,
                record -> record.value() == null
                        ? Uni.createFrom().voidItem()
                        : service.quotaChanged(CloudEventMessages.decode(record, QuotaEvent.class)
                                .data()));
    }
}
