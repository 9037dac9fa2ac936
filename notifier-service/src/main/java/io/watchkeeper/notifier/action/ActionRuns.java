package io.watchkeeper.notifier.action;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.notifier.delivery.DeliveryEvents;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code action_run} table: claiming a run (an automatic one once per alert, a unique row; within the cooldown
 * of its target it is recorded as {@code cooldown}), recording its outcome with its event on
 * {@code wk.deliveries.v1} in the same transaction, and reading the runs.
 */
@ApplicationScoped
public class ActionRuns {

    /** A run claimed: what it is for. */
    public record Run(UUID id, Action action, UUID alertId, String trigger, String actor) {}

    private final Pool pool;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public ActionRuns(Pool pool, Outbox outbox, OutboxRelay relay) {
        this.pool = pool;
        this.outbox = outbox;
        this.relay = relay;
    }

    /**
     * Claims a run of the action for the alert: {@link RunResult#RUNNING}, {@link RunResult#COOLDOWN} when its target
     * had a run that did not fail within the cooldown, or null when this automatic run was claimed already.
     */
    public Uni<RunResult> claim(Run run) {
        Action a = run.action();
        return pool.preparedQuery(
                        """
                        INSERT INTO action_run (id, action_id, alert_id, target_key, trigger, actor, result, at)
                        SELECT $1, $2, $3, $4, $5, $6,
                               CASE WHEN EXISTS (SELECT 1 FROM action_run WHERE target_key = $4
                                                  AND result IN ('done', 'running')
                                                  AND at > now() - $7 * interval '1 second') THEN 'cooldown' ELSE 'running' END,
                               now()
                        ON CONFLICT DO NOTHING
                        RETURNING result""")
                .execute(Tuple.tuple(List.of(
                        run.id(),
                        a.id,
                        run.alertId(),
                        a.target.key(a.id),
                        run.trigger(),
                        run.actor(),
                        a.cooldownSeconds)))
                .map(rows -> rows.iterator().hasNext()
                        ? RunResult.ofWire(rows.iterator().next().getString(0))
                        : null);
    }

    /** Records the run's outcome and announces it, in one transaction. */
    public Uni<Void> record(Run run, RunOutcome outcome) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "UPDATE action_run SET result = $2, detail = $3, at = now() WHERE id = $1")
                        .execute(Tuple.of(run.id(), outcome.result().wire(), outcome.detail()))
                        .chain(() -> outbox.addAll(
                                conn,
                                List.of(event(
                                        run.id(),
                                        run.action().id,
                                        run.action().name,
                                        run.alertId(),
                                        run.trigger(),
                                        run.actor(),
                                        outcome)))))
                .invoke(relay::wake)
                .replaceWithVoid();
    }

    /**
     * Records runs left {@code running} longer than {@code after} as failed with {@code outcome}'s detail, and
     * announces them; returns how many.
     */
    public Uni<Integer> failRunningSince(Duration after, RunOutcome outcome) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                                """
                                UPDATE action_run r SET result = $2, detail = $3, at = now() FROM action a
                                 WHERE a.id = r.action_id AND r.result = 'running'
                                   AND r.at < now() - $1 * interval '1 millisecond'
                                RETURNING r.id, r.action_id, a.name, r.alert_id, r.trigger, r.actor""")
                        .execute(Tuple.of(after.toMillis(), outcome.result().wire(), outcome.detail()))
                        .chain(rows -> {
                            List<Outbox.Item> announced = new ArrayList<>();
                            for (Row r : rows) {
                                Log.warnf(
                                        "action run %s (action %s, alert %s) was interrupted: recorded as failed",
                                        r.getUUID(0), r.getString(2), r.getUUID(3));
                                announced.add(event(
                                        r.getUUID(0),
                                        r.getUUID(1),
                                        r.getString(2),
                                        r.getUUID(3),
                                        r.getString(4),
                                        r.getString(5),
                                        outcome));
                            }
                            return outbox.addAll(conn, announced).replaceWith(announced.size());
                        }))
                .invoke(n -> {
                    if (n > 0) {
                        relay.wake();
                    }
                });
    }

    /** $1: the alert or null, $2: the action or null, $3: the actions' tenant or null. */
    private static final String RUNS =
            """
             FROM action_run r JOIN action a ON a.id = r.action_id
            WHERE ($1::uuid IS NULL OR r.alert_id = $1) AND ($2::uuid IS NULL OR r.action_id = $2)
              AND ($3::text IS NULL OR a.tenant = $3)""";

    /** Runs of one alert and/or action, of the actions of one tenant ({@code null}: of all), oldest first. */
    public Uni<Page<ActionDtos.RunView>> list(String tenant, UUID alertId, UUID actionId, int page, int size) {
        Tuple filter = Tuple.of(alertId, actionId, tenant);
        return Uni.combine()
                .all()
                .unis(
                        pool.preparedQuery(
                                        "SELECT r.id, r.action_id, a.name, r.alert_id, r.trigger, r.actor, r.result, r.detail, r.at"
                                                + RUNS + " ORDER BY r.at, r.id LIMIT $4 OFFSET $5")
                                .execute(Tuple.of(alertId, actionId, tenant, size, (long) page * size)),
                        pool.preparedQuery("SELECT count(*)" + RUNS).execute(filter))
                .with((rows, count) -> {
                    List<ActionDtos.RunView> views = new ArrayList<>();
                    for (Row r : rows) {
                        views.add(new ActionDtos.RunView(
                                r.getUUID(0),
                                r.getUUID(1),
                                r.getString(2),
                                r.getUUID(3),
                                r.getString(4),
                                r.getString(5),
                                RunResult.ofWire(r.getString(6)),
                                r.getString(7),
                                r.getOffsetDateTime(8).toInstant()));
                    }
                    return new Page<>(views, count.iterator().next().getLong(0), page, size);
                });
    }

    private static Outbox.Item event(
            UUID runId, UUID actionId, String name, UUID alertId, String trigger, String actor, RunOutcome o) {
        return DeliveryEvents.ofRun(
                runId,
                alertId,
                o.result().status,
                o.result() == RunResult.DONE ? null : o.detail(),
                new DeliveryEvent.Action(actionId.toString(), name, o.result().wire(), trigger, actor));
    }
}
