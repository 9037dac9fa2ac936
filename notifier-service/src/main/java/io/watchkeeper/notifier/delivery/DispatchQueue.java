package io.watchkeeper.notifier.delivery;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.notifier.alert.AlertJson;
import io.watchkeeper.platform.db.StringMapJson;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The dispatch queue: the pipeline's dispatch and settle stages over the notification log. Due pending deliveries
 * are claimed for one attempt each under a lease (a crash mid-send only delays a retry), and what became of each
 * message is settled in one transaction — each delivery's state, its group's timing, the state announced on
 * {@code wk.deliveries.v1}.
 */
@ApplicationScoped
public class DispatchQueue {

    /** A delivery claimed for an attempt, with the group it goes out in (null for deliveries older than groups). */
    public record Claimed(
            UUID id,
            UUID channelId,
            AlertEvent alert,
            int attempt,
            UUID routeId,
            String groupKey,
            Map<String, String> groupLabels) {}

    private static final StringMapJson LABELS = new StringMapJson();

    private final Pool pool;
    private final NotificationGroups groups;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public DispatchQueue(Pool pool, NotificationGroups groups, Outbox outbox, OutboxRelay relay) {
        this.pool = pool;
        this.groups = groups;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** The claim's planner setting, for its own transaction (see {@link #claimDue}). */
    static final String CLAIM_SETTINGS = "SET LOCAL enable_sort = off";

    /** $1: how many; $2: the lease, in milliseconds. */
    static final String CLAIM =
            """
                WITH c AS (
                    UPDATE delivery SET attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond',
                                        updated_at = now()
                     WHERE id = ANY (ARRAY(SELECT d.id FROM delivery d
                                   WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                                     AND NOT EXISTS (SELECT 1 FROM delivery e
                                                      WHERE e.alert_id = d.alert_id AND e.channel_id = d.channel_id
                                                        AND e.status NOT IN ('sent', 'failed', 'skipped')
                                                        AND e.seq < d.seq)
                                   ORDER BY d.seq LIMIT $1 FOR UPDATE SKIP LOCKED))
                    RETURNING id, channel_id, alert, attempts, route_id, group_key)
                SELECT c.id, c.channel_id, c.alert::text, c.attempts, c.route_id, c.group_key,
                       (SELECT g.group_labels FROM notification_group g
                         WHERE g.route_id = c.route_id AND g.group_key = c.group_key AND g.channel_id = c.channel_id)
                  FROM c""";

    /**
     * Claims due pending deliveries for one attempt each: the lease moves their next attempt into the
     * future, so a crash mid-send only delays a retry. A delivery waits while an older one for the same
     * alert and channel is pending, so a channel sees an alert's states in order.
     * <p>
     * Plans PostgreSQL chose from its statistics made claims 5–20 times slower in the bench, so the statement
     * leaves it no choice that scans a whole table: pending deliveries are walked in {@code seq} order and the walk
     * stops at the limit (no sort: with statistics from before a burst it expected a few dozen pending rows, so it
     * fetched all of them, 6,000, checked each for an older pending one and sorted them); the claimed ids are an
     * array, found by primary key (as {@code IN (…)} it hashed them and read every delivery row); each claimed
     * row's group is looked up by its key (a subquery, not a join: as a join it hashed the whole group table, 49,000
     * rows after a day of one group per alert); and an older unfinished delivery is looked for by alert and channel,
     * its status written so that no index of pending rows only qualifies — after a quiet spell their statistics say
     * none are pending, and with 3,000 pending PostgreSQL checked each claimed row against all of them (0.6 s per
     * claim instead of 16 ms, in a test of that state).
     */
    public Uni<List<Claimed>> claimDue(int limit, Duration lease) {
        // the setting and the claim sent together (one round trip): the connection runs them in order
        return pool.withTransaction(conn -> Uni.combine()
                .all()
                .unis(
                        conn.query(CLAIM_SETTINGS).execute(),
                        conn.preparedQuery(CLAIM)
                                .execute(Tuple.of(limit, lease.toMillis()))
                                .map(rows -> {
                                    List<Claimed> claimed = new ArrayList<>();
                                    for (Row r : rows) {
                                        AlertEvent alert = AlertJson.read(r.getString(2));
                                        String labels = r.getString(6);
                                        claimed.add(new Claimed(
                                                r.getUUID(0),
                                                r.getUUID(1),
                                                alert,
                                                r.getInteger(3),
                                                r.getUUID(4),
                                                r.getString(5),
                                                labels == null ? Map.of() : LABELS.convertToEntityAttribute(labels)));
                                    }
                                    claimed.sort(
                                            Comparator.comparing(c -> c.alert().startsAt()));
                                    return claimed;
                                }))
                .asTuple()
                .map(Tuple2::getItem2));
    }

    /** What became of one message's deliveries; several are recorded together by {@link #settle}. */
    public record Outcome(
            List<Claimed> message,
            DeliveryEvent.Status status,
            String error,
            String response,
            Instant next,
            boolean heldBack) {

        /** The message went out: the group's next one waits groupInterval from now. */
        public static Outcome sent(List<Claimed> message, String response) {
            return new Outcome(message, DeliveryEvent.Status.SENT, null, response, null, false);
        }

        /** A failed attempt: announced as still pending, with the error, until the next (newcomers join it). */
        public static Outcome retry(List<Claimed> message, String error, String response, Instant next) {
            return new Outcome(message, DeliveryEvent.Status.PENDING, error, response, next, false);
        }

        public static Outcome failed(List<Claimed> message, String error, String response) {
            return new Outcome(message, DeliveryEvent.Status.FAILED, error, response, null, false);
        }

        public static Outcome skipped(List<Claimed> message, String reason) {
            return new Outcome(message, DeliveryEvent.Status.SKIPPED, reason, null, null, false);
        }

        /**
         * The channel's guard held the send back (rate limit, open circuit): not an attempt — the deliveries wait
         * until {@code until} and keep their place (claims go oldest first); nothing is announced.
         */
        public static Outcome heldBack(List<Claimed> message, String why, Instant until) {
            return new Outcome(message, DeliveryEvent.Status.PENDING, "held back: " + why, null, until, true);
        }
    }

    /**
     * Records what became of several messages in one transaction: each delivery's new state, its group's timing,
     * and (except for a held-back send) the state announced on wk.deliveries.v1.
     */
    public Uni<Void> settle(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Claimed> all = new ArrayList<>();
        List<Outcome> of = new ArrayList<>();
        List<Outcome> grouped = new ArrayList<>();
        List<Outbox.Item> events = new ArrayList<>();
        for (Outcome o : outcomes) {
            for (Claimed d : o.message()) {
                all.add(d);
                of.add(o);
                if (!o.heldBack()) {
                    events.add(DeliveryEvents.of(
                            d.id(), d.alert().alertId(), d.channelId(), o.status(), d.attempt(), o.error()));
                }
            }
            if (o.message().get(0).routeId() != null) {
                grouped.add(o);
            }
        }
        int n = all.size();
        UUID[] ids = new UUID[n];
        String[] statuses = new String[n], errors = new String[n], responses = new String[n];
        Integer[] held = new Integer[n], before = new Integer[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Outcome o = of.get(i);
            ids[i] = all.get(i).id();
            statuses[i] = o.status().name().toLowerCase(Locale.ROOT);
            held[i] = o.heldBack() ? 1 : 0;
            // a held-back send was not an attempt: back to the count before the claim (set, not subtracted, so
            // recording the same outcome twice changes nothing)
            before[i] = all.get(i).attempt() - 1;
            errors[i] = o.error();
            responses[i] = o.response();
            next[i] = o.next() == null ? null : o.next().atOffset(ZoneOffset.UTC);
        }
        // three independent statements, sent together (the client pipelines them on the transaction's connection):
        // one round trip instead of three while the dispatcher waits to send the next chunk
        return pool.withTransaction(conn -> Uni.join()
                        .all(
                                conn.preparedQuery(
                                                """
                                UPDATE delivery d SET status = u.status,
                                       attempts = CASE WHEN u.held = 1 THEN u.before ELSE d.attempts END, last_error = u.error,
                                       response = CASE WHEN u.held = 1 THEN d.response ELSE u.response END,
                                       next_attempt_at = COALESCE(u.next, d.next_attempt_at),
                                       sent_at = CASE WHEN u.status = 'sent' THEN now() ELSE d.sent_at END, updated_at = now()
                                  FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::timestamptz[],
                                              $7::int[])
                                       AS u(id, status, held, error, response, next, before)
                                 WHERE d.id = u.id""")
                                        .execute(Tuple.tuple(
                                                List.of(ids, statuses, held, errors, responses, next, before)))
                                        .replaceWithVoid(),
                                groups.settle(conn, grouped),
                                outbox.addAll(conn, events))
                        .andFailFast()
                        .replaceWithVoid())
                .invoke(relay::wake);
    }
}
