package io.watchkeeper.notifier.delivery;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.event.DeliveryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Group timing (Alertmanager's group_wait and group_interval), the {@code notification_group} table: per (route,
 * group key, channel) when its next message goes out ({@code flush_at}) and when its last went. Every statement on
 * it is here; the log's insert and the queue's settle run theirs inside their own transactions.
 */
@ApplicationScoped
public class NotificationGroups {

    /**
     * CTEs for {@link NotificationLog#insert}, after a CTE {@code k} of the new pending deliveries' groups (route_id,
     * group_key, channel_id, labels, wait_ms, interval_ms): each opens its group — due after groupWait — or joins
     * the group's next message, or, if the group has none, one groupInterval after its last (not before now).
     * Another instance opening the same group at the same moment: the insert waits for it and joins its flush
     * time. Yields {@code g(route_id, group_key, channel_id, flush_at)}.
     */
    static final String SCHEDULE =
            """
                             upd AS (UPDATE notification_group g
                                        SET flush_at = COALESCE(g.flush_at,
                                                GREATEST(now(), g.last_sent_at + k.interval_ms * interval '1 millisecond'))
                                       FROM k WHERE g.route_id = k.route_id AND g.group_key = k.group_key
                                                AND g.channel_id = k.channel_id
                                      RETURNING g.route_id, g.group_key, g.channel_id, g.flush_at),
                             ins AS (INSERT INTO notification_group (route_id, group_key, channel_id, group_labels,
                                                                     created_at, flush_at)
                                     SELECT route_id, group_key, channel_id, labels, now(), now() + wait_ms * interval '1 millisecond'
                                       FROM k WHERE NOT EXISTS (SELECT 1 FROM upd WHERE upd.route_id = k.route_id
                                                   AND upd.group_key = k.group_key AND upd.channel_id = k.channel_id)
                                     ON CONFLICT (route_id, group_key, channel_id) DO UPDATE
                                        SET flush_at = COALESCE(notification_group.flush_at, EXCLUDED.flush_at)
                                     RETURNING route_id, group_key, channel_id, flush_at),
                             g AS (SELECT * FROM upd UNION ALL SELECT * FROM ins)
            """;

    private final Pool pool;

    public NotificationGroups(Pool pool) {
        this.pool = pool;
    }

    /**
     * After messages of groups went out or failed ({@code outcomes}, on {@code conn}'s transaction): a sent group's
     * next message waits groupInterval from now (no flush time until something new joins), a retried one goes at
     * the retry.
     */
    Uni<Void> settle(SqlConnection conn, List<DispatchQueue.Outcome> outcomes) {
        int g = outcomes.size();
        if (g == 0) {
            return Uni.createFrom().voidItem();
        }
        UUID[] routes = new UUID[g], channels = new UUID[g];
        String[] keys = new String[g];
        OffsetDateTime[] flush = new OffsetDateTime[g];
        Boolean[] sent = new Boolean[g];
        for (int i = 0; i < g; i++) {
            DispatchQueue.Outcome o = outcomes.get(i);
            DispatchQueue.Claimed first = o.message().get(0);
            routes[i] = first.routeId();
            keys[i] = first.groupKey();
            channels[i] = first.channelId();
            flush[i] = o.status() == DeliveryEvent.Status.PENDING && o.next() != null
                    ? o.next().atOffset(ZoneOffset.UTC)
                    : null;
            sent[i] = o.status() == DeliveryEvent.Status.SENT;
        }
        return conn.preparedQuery(
                        """
                        UPDATE notification_group g SET flush_at = u.flush_at,
                               last_sent_at = CASE WHEN u.sent THEN now() ELSE g.last_sent_at END
                          FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[], $5::bool[])
                               AS u(route_id, group_key, channel_id, flush_at, sent)
                         WHERE g.route_id = u.route_id AND g.group_key = u.group_key
                           AND g.channel_id = u.channel_id""")
                .execute(Tuple.tuple(List.of(routes, keys, channels, flush, sent)))
                .replaceWithVoid();
    }

    /** A group quiet for a week starts afresh (with its groupWait) the next time. */
    Uni<Void> forgetIdle() {
        return pool.query(
                        """
                        DELETE FROM notification_group
                         WHERE flush_at IS NULL AND COALESCE(last_sent_at, created_at) < now() - interval '7 days'""")
                .execute()
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        Log.debugf("forgot %d idle notification group(s)", rows.rowCount());
                    }
                })
                .replaceWithVoid();
    }
}
