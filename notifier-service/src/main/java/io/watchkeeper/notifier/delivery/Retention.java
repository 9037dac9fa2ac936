package io.watchkeeper.notifier.delivery;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.notifier.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * How long the notifier remembers (Alertmanager's {@code --data.retention}): an alert that is over (resolved or
 * ignored, nothing pending) and has not changed for the retention is forgotten with its deliveries and action runs,
 * and so is a silence that ended that long ago. An alert event older than the retention is stale on arrival: a
 * replay of {@code wk.alerts.v1} cannot bring a forgotten alert back and send it again.
 */
@ApplicationScoped
public class Retention {

    private final Pool pool;
    private final Duration retention;

    public Retention(Pool pool, NotifierConfig config) {
        this.pool = pool;
        this.retention = config.retention();
    }

    /** Events stamped before this are stale: what they are about may have been forgotten already. */
    public Instant staleBefore() {
        return Instant.now().minus(retention);
    }

    @Scheduled(
            every = "1h",
            delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return prune().replaceWithVoid();
    }

    /** Forgets what is older than the retention; returns how many alerts. */
    public Uni<Integer> prune() {
        Tuple age = Tuple.of(retention.toMillis());
        return pool.withTransaction(conn -> conn.preparedQuery(
                                """
                        WITH gone AS (
                            DELETE FROM alert_state s
                             WHERE s.status IN ('resolved', 'ignored')
                               AND s.updated_at < now() - $1 * interval '1 millisecond'
                               AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.alert_id = s.alert_id AND d.status = 'pending')
                            RETURNING s.alert_id),
                        deliveries AS (DELETE FROM delivery WHERE alert_id IN (SELECT alert_id FROM gone)),
                        runs AS (DELETE FROM action_run WHERE alert_id IN (SELECT alert_id FROM gone))
                        SELECT count(*) FROM gone""")
                        .execute(age)
                        .call(() -> conn.preparedQuery(
                                        "DELETE FROM silence WHERE ends_at < now() - $1 * interval '1 millisecond'")
                                .execute(age)))
                .map(rows -> rows.iterator().next().getLong(0).intValue())
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("forgot %d alert(s) over for more than %s, with their deliveries", n, retention);
                    }
                });
    }
}
