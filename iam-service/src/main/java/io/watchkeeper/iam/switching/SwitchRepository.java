package io.watchkeeper.iam.switching;

import static io.watchkeeper.iam.Sql.instant;
import static io.watchkeeper.iam.Sql.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code iam_switch}, {@code iam_switch_step} and {@code quota_seen} tables: their only writer. */
@ApplicationScoped
public class SwitchRepository {

    private static final String COLUMNS =
            "id, user_id, direction, cause, quota_id, epoch, used, alert_id, reason, actor,"
                    + " attempts, last_error, created_at";

    /** How many switches wait, and since when the oldest. */
    public record Backlog(long pending, Instant oldest, String lastError) {}

    private final Pool pool;

    public SwitchRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records a switch; false when a quota's switch of that (user, quota, epoch, direction) is recorded already. */
    public Uni<Boolean> insert(SqlClient client, Switch s) {
        return client.preparedQuery(
                        """
                        INSERT INTO iam_switch (id, user_id, direction, cause, quota_id, epoch, used, alert_id, reason,
                                                actor, status, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11) ON CONFLICT DO NOTHING""")
                .execute(Tuple.tuple(Arrays.asList(
                        s.id(),
                        s.userId(),
                        s.direction().wire(),
                        s.cause().wire(),
                        s.quotaId(),
                        s.epoch(),
                        s.used(),
                        s.alertId(),
                        s.reason(),
                        s.actor(),
                        utc(s.createdAt()))))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Takes the oldest pending switch that is first in its user's line and not leased (or {@code only} that one), and
     * leases it for {@code lease}: no other worker, here or in another instance, takes it meanwhile.
     */
    public Uni<Switch> claim(String only, Duration lease) {
        return pool.preparedQuery(
                        """
                        UPDATE iam_switch s SET lease_until = now() + make_interval(secs => $2), attempts = attempts + 1
                         WHERE s.id = (SELECT p.id FROM iam_switch p
                                        WHERE p.status = 'pending' AND ($1::text IS NULL OR p.id = $1)
                                          AND (p.lease_until IS NULL OR p.lease_until < now())
                                          AND NOT EXISTS (SELECT 1 FROM iam_switch o WHERE o.user_id = p.user_id
                                                  AND o.status = 'pending' AND (o.created_at, o.id) < (p.created_at, p.id))
                                        ORDER BY p.created_at, p.id LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING\s"""
                                + COLUMNS)
                .execute(Tuple.of(only, (double) lease.toSeconds()))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    /** The targets of a switch already called ({@code calling}) or recorded ({@code done}). */
    public Uni<Map<String, String>> steps(String switchId) {
        return pool.preparedQuery("SELECT target, state FROM iam_switch_step WHERE switch_id = $1")
                .execute(Tuple.of(switchId))
                .map(rows -> {
                    Map<String, String> steps = new HashMap<>();
                    rows.forEach(r -> steps.put(r.getString(0), r.getString(1)));
                    return steps;
                });
    }

    /** Committed before the cloud call of {@code target}; renews the lease. */
    public Uni<Void> calling(String switchId, String target, Duration lease) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        """
                        INSERT INTO iam_switch_step (switch_id, target, state) VALUES ($1, $2, 'calling')
                        ON CONFLICT (switch_id, target) DO NOTHING""")
                .execute(Tuple.of(switchId, target))
                .chain(() -> conn.preparedQuery("UPDATE iam_switch SET lease_until = now() + make_interval(secs => $2)"
                                + " WHERE id = $1")
                        .execute(Tuple.of(switchId, (double) lease.toSeconds())))
                .replaceWithVoid());
    }

    public Uni<Void> done(SqlClient client, String switchId, String target) {
        return client.preparedQuery(
                        """
                        INSERT INTO iam_switch_step (switch_id, target, state) VALUES ($1, $2, 'done')
                        ON CONFLICT (switch_id, target) DO UPDATE SET state = 'done'""")
                .execute(Tuple.of(switchId, target))
                .replaceWithVoid();
    }

    public Uni<Void> finish(SqlClient client, String switchId) {
        return client.preparedQuery("UPDATE iam_switch SET status = 'done', done_at = now(), last_error = NULL,"
                        + " lease_until = NULL WHERE id = $1")
                .execute(Tuple.of(switchId))
                .replaceWithVoid();
    }

    /** Pending switches of a user that is gone: never carried out, the reason kept. */
    public Uni<Void> cancel(SqlClient client, String userId, String reason) {
        return client.preparedQuery("UPDATE iam_switch SET status = 'cancelled', last_error = $2, lease_until = NULL,"
                        + " done_at = now() WHERE user_id = $1 AND status = 'pending'")
                .execute(Tuple.of(userId, reason))
                .replaceWithVoid();
    }

    /** A failed attempt: the error kept for the admin, the next attempt not before {@code retryIn}. */
    public Uni<Void> failed(String switchId, String error, Duration retryIn) {
        return pool.preparedQuery(
                        "UPDATE iam_switch SET last_error = $2, lease_until = now() + make_interval(secs => $3)"
                                + " WHERE id = $1")
                .execute(Tuple.of(switchId, error, retryIn.toMillis() / 1000.0))
                .replaceWithVoid();
    }

    public Uni<List<Switch>> pending(String userId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM iam_switch WHERE user_id = $1 AND status = 'pending'"
                        + " ORDER BY created_at, id")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<Switch> found = new ArrayList<>();
                    rows.forEach(r -> found.add(of(r)));
                    return found;
                });
    }

    public Uni<Backlog> backlog() {
        return pool.query(
                        """
                        SELECT count(*), min(created_at),
                               (SELECT last_error FROM iam_switch WHERE status = 'pending' AND last_error IS NOT NULL
                                 ORDER BY created_at LIMIT 1)
                          FROM iam_switch WHERE status = 'pending'""")
                .execute()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Backlog(r.getLong(0), instant(r.getOffsetDateTime(1)), r.getString(2));
                });
    }

    /** The newest switch a quota made of each of its users (the state each user is in because of it). */
    public Uni<List<Switch>> latestByQuota(String quotaId) {
        return pool.preparedQuery("SELECT DISTINCT ON (user_id) " + COLUMNS + " FROM iam_switch"
                        + " WHERE cause = 'quota' AND quota_id = $1 ORDER BY user_id, created_at DESC, id DESC")
                .execute(Tuple.of(quotaId))
                .map(rows -> {
                    List<Switch> found = new ArrayList<>();
                    rows.forEach(r -> found.add(of(r)));
                    return found;
                });
    }

    /** Keeps the newest definition seen of a quota (an older epoch never overwrites a newer one). */
    public Uni<Void> seen(SqlClient client, String quotaId, long epoch, BigDecimal allocated) {
        return client.preparedQuery(
                        """
                        INSERT INTO quota_seen (quota_id, epoch, allocated) VALUES ($1, $2, $3)
                        ON CONFLICT (quota_id) DO UPDATE SET epoch = EXCLUDED.epoch, allocated = EXCLUDED.allocated
                         WHERE quota_seen.epoch <= EXCLUDED.epoch""")
                .execute(Tuple.of(quotaId, epoch, allocated))
                .replaceWithVoid();
    }

    /** The newest epoch seen of a quota and its allocation, or null. */
    public Uni<Map.Entry<Long, BigDecimal>> seen(String quotaId) {
        return pool.preparedQuery("SELECT epoch, allocated FROM quota_seen WHERE quota_id = $1")
                .execute(Tuple.of(quotaId))
                .map(rows -> rows.size() == 0
                        ? null
                        : Map.entry(
                                rows.iterator().next().getLong(0),
                                rows.iterator().next().getBigDecimal(1)));
    }

    private static Switch of(Row r) {
        return new Switch(
                r.getString("id"),
                r.getString("user_id"),
                Switch.Direction.valueOf(r.getString("direction").toUpperCase(Locale.ROOT)),
                Switch.Cause.valueOf(r.getString("cause").toUpperCase(Locale.ROOT)),
                r.getString("quota_id"),
                r.getLong("epoch"),
                r.getBigDecimal("used"),
                r.getString("alert_id"),
                r.getString("reason"),
                r.getString("actor"),
                r.getInteger("attempts"),
                r.getString("last_error"),
                instant(r.getOffsetDateTime("created_at")));
    }
}
