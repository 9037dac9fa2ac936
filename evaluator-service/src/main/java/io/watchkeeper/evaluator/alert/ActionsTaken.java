package io.watchkeeper.evaluator.alert;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.ContractViolation;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import io.watchkeeper.platform.kafka.ConsumerGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * An alert's {@code actionsTaken}: the remediation runs the notifier reports on {@code wk.deliveries.v1} (entries
 * with an {@code action}; messages to channels are skipped). An entry read twice is recorded once (keyed by its
 * event id); one that breaks the contract goes to {@code wk.deliveries.v1.dlq} with the reason; while the database
 * is down the entry is retried, holding the partition, and its offset is committed only once it is recorded.
 */
@ApplicationScoped
public class ActionsTaken {

    /** The Kafka channel of wk.deliveries.v1. */
    public static final String CHANNEL = "deliveries-in";

    private final Pool pool;
    private final ConsumerGuard guard;

    public ActionsTaken(Pool pool, ConsumerGuard guard) {
        this.pool = pool;
        this.guard = guard;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return guard.process(CHANNEL, message, record -> {
            CloudEvent<DeliveryEvent> event = CloudEventMessages.decode(record, DeliveryEvent.class);
            UUID alertId = alertId(event.data());
            DeliveryEvent.Action action = event.data().action();
            if (action == null) {
                return Uni.createFrom().voidItem();
            }
            return pool.preparedQuery(
                            """
                            INSERT INTO alert_action (event_id, alert_id, action_id, name, result, trigger, actor, detail, at)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (event_id) DO NOTHING""")
                    .execute(Tuple.tuple(Arrays.asList(
                            event.id(),
                            alertId,
                            action.id(),
                            action.name(),
                            action.result(),
                            action.trigger(),
                            action.actor(),
                            event.data().error(),
                            event.time().atOffset(ZoneOffset.UTC))))
                    .replaceWithVoid();
        });
    }

    /** The alert's remediation runs, oldest first. */
    public Uni<List<AlertDtos.ActionTaken>> of(UUID alertId) {
        return pool.preparedQuery(
                        """
                        SELECT action_id, name, result, trigger, actor, detail, at
                          FROM alert_action WHERE alert_id = $1 ORDER BY at, event_id""")
                .execute(Tuple.of(alertId))
                .map(rows -> {
                    List<AlertDtos.ActionTaken> taken = new ArrayList<>();
                    for (Row r : rows) {
                        taken.add(new AlertDtos.ActionTaken(
                                r.getString(0),
                                r.getString(1),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4),
                                r.getString(5),
                                r.getOffsetDateTime(6).toInstant()));
                    }
                    return taken;
                });
    }

    /** Forgets the runs, recorded before {@code before}, of alerts that are gone (see {@link AlertRetention}). */
    Uni<Integer> forgetOrphansBefore(Instant before) {
        return pool.preparedQuery(
                        """
                        DELETE FROM alert_action a
                         WHERE a.at < $1 AND NOT EXISTS (SELECT 1 FROM alert WHERE alert.id = a.alert_id)""")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    private static UUID alertId(DeliveryEvent entry) {
        try {
            return UUID.fromString(entry.alertId());
        } catch (IllegalArgumentException e) {
            throw new ContractViolation("alertId is not a UUID: " + entry.alertId());
        }
    }
}
