package io.watchkeeper.notifier.alert;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.cloudevents.ContractViolation;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.action.ActionService;
import io.watchkeeper.notifier.delivery.DeliveryLog;
import io.watchkeeper.notifier.delivery.Dispatcher;
import io.watchkeeper.notifier.mute.Mutes;
import io.watchkeeper.notifier.route.RouteService;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code wk.alerts.v1}: remembers each alert state, checks silences and inhibit rules, routes it and
 * records a delivery per channel — pending, or skipped with the reason when muted.
 * The offset is committed only after the deliveries are recorded; sending happens after, from the log,
 * so a crash loses nothing and a redelivered message records nothing new.
 */
@ApplicationScoped
public class AlertConsumer {

    public static final String CHANNEL = "alerts-in";

    private final RouteService routes;
    private final DeliveryLog log;
    private final Dispatcher dispatcher;
    private final Mutes mutes;
    private final ActionService actions;

    public AlertConsumer(RouteService routes, DeliveryLog log, Dispatcher dispatcher, Mutes mutes, ActionService actions) {
        this.routes = routes;
        this.mutes = mutes;
        this.actions = actions;
        this.log = log;
        this.dispatcher = dispatcher;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        AlertEvent alert;
        try {
            alert = CloudEventMessages.decode(record, AlertEvent.class).data();
        } catch (ContractViolation violation) {
            Log.warnf("alert at %s-%d@%d sent to the dead-letter topic: %s", record.topic(), record.partition(),
                    record.offset(), violation.getMessage());
            return Uni.createFrom().failure(violation);
        }
        // inhibit → silence → route, as Alertmanager's pipeline; a muted state is recorded as skipped, with why
        return mutes.remember(alert)
                .chain(() -> mutes.reason(alert))
                .invoke(muted -> {
                    if (muted != null) {
                        Log.infof("alert %s muted: %s", alert.alertId(), muted);
                    }
                })
                .chain(muted -> routes.destinations(alert).chain(destinations -> log.record(alert, destinations, muted))
                        // automatic remediation for firing alerts that are not muted, before the offset is committed
                        .call(() -> muted == null ? actions.automatic(alert) : Uni.createFrom().voidItem()))
                .invoke(recorded -> {
                    Log.infof("alert %s %s: %d new deliveries", alert.alertId(),
                            alert.status().name().toLowerCase(java.util.Locale.ROOT), recorded);
                    if (recorded > 0) {
                        dispatcher.wake();
                    }
                })
                .onFailure().invoke(e -> Log.warnf("recording deliveries for alert %s failed, retrying: %s",
                        alert.alertId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
