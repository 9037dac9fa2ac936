package io.watchkeeper.quota.usage;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import io.watchkeeper.platform.kafka.ConsumerGuard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps per-step status from the quota alerts on {@code wk.alerts.v1} (other alerts pass by). The latest alert of a
 * step wins, by event time: a replayed or duplicated alert changes nothing. A record that breaks the contract goes to
 * {@code wk.alerts.v1.dlq} with the reason, and consumption goes on.
 */
@ApplicationScoped
public class StepAlertConsumer {

    /** The Kafka channel of wk.alerts.v1. */
    public static final String CHANNEL = "alerts-in";

    private final StepRepository steps;
    private final ConsumerGuard guard;

    public StepAlertConsumer(StepRepository steps, ConsumerGuard guard) {
        this.steps = steps;
        this.guard = guard;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return guard.process(CHANNEL, message, record -> {
            CloudEvent<AlertEvent> alert = CloudEventMessages.decode(record, AlertEvent.class);
            StepStatus step = StepStatus.of(alert.data());
            return step == null
                    ? Uni.createFrom().voidItem()
                    : steps.keep(step, alert.time()).replaceWithVoid();
        });
    }
}
