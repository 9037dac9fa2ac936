package io.watchkeeper.notifier.delivery;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.notifier.alert.AlertJson;
import io.watchkeeper.notifier.route.Destination;
import io.watchkeeper.platform.db.StringMapJson;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The notification log (Alertmanager's nflog, with history). One row per (alert id, alert status,
 * channel, repeat): recording the same alert state twice does nothing, so a redelivered Kafka message, a restart
 * or a second instance never causes a second message. Deliveries due together in one group (route, group labels,
 * channel) go out as one message; the group row keeps its timing. Every change of a delivery is announced on
 * {@code wk.deliveries.v1} through the outbox, in the transaction that makes it.
 */
@ApplicationScoped
public class DeliveryLog {

    /** A delivery claimed for an attempt, with the group it goes out in (null for deliveries older than groups). */
    public record Claimed(UUID id, UUID channelId, AlertEvent alert, int attempt, UUID routeId, String groupKey,
            Map<String, String> groupLabels) {
    }

    /** A delivery to make: of which alert state, to which channel in which group, the how-many-th repeat, skipped why. */
    public record New(AlertEvent alert, Destination destination, int repeat, String skipped, boolean muted) {
    }

    /** An alert state as the consumer routed it: its destinations and, when muted, why. */
    public record Routed(AlertEvent alert, List<Destination> destinations, String muted) {
    }

    private static final StringMapJson LABELS = new StringMapJson();
    private static final String NOT_NOTIFIED = "the firing was not sent to this channel";

    private final Pool pool;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public DeliveryLog(Pool pool, Outbox outbox, OutboxRelay relay) {
        this.pool = pool;
        this.outbox = outbox;
        this.relay = relay;
    }

    /**
     * Records the first delivery of each alert state per channel, in order (each announced on wk.deliveries.v1), and
     * returns how many were new: pending, or skipped with the mute as the reason; a resolution is skipped on channels
     * its firing never reached (earlier in the same batch counts).
     */
    public Uni<Integer> record(List<Routed> states) {
        List<UUID> resolved = states.stream().filter(s -> s.alert().status() == AlertStatus.RESOLVED)
                .map(s -> s.alert().alertId()).distinct().toList();
        return notifiedChannels(resolved).chain(notified -> {
            List<New> deliveries = new ArrayList<>();
            for (Routed state : states) {
                boolean resolution = state.alert().status() == AlertStatus.RESOLVED;
                Set<UUID> reached = notified.computeIfAbsent(state.alert().alertId(), k -> new HashSet<>());
                for (Destination d : state.destinations()) {
                    String skipped = state.muted() != null ? state.muted()
                            : resolution && !reached.contains(d.channelId()) ? NOT_NOTIFIED : null;
                    deliveries.add(new New(state.alert(), d, 0, skipped, state.muted() != null));
                    if (!resolution && skipped == null) {
                        reached.add(d.channelId());
                    }
                }
            }
            return insert(deliveries);
        });
    }

    /**
     * Inserts deliveries (an alert state already recorded for a channel and repeat is left alone) and schedules the
     * pending ones with their group: the group's next message goes out at its first alert + groupWait, or its last
     * message + groupInterval. One statement in one transaction; returns how many were new.
     */
    public Uni<Integer> insert(List<New> deliveries) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = deliveries.size();
        UUID[] ids = new UUID[n], alertIds = new UUID[n], channelIds = new UUID[n], routeIds = new UUID[n];
        String[] states = new String[n], fingerprints = new String[n], alerts = new String[n], statuses = new String[n],
                errors = new String[n], groupKeys = new String[n], groupLabels = new String[n];
        Integer[] repeats = new Integer[n];
        Boolean[] muted = new Boolean[n];
        Long[] waits = new Long[n], intervals = new Long[n];
        Map<AlertEvent, String> json = new IdentityHashMap<>();
        Map<UUID, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            New d = deliveries.get(i);
            Destination to = d.destination();
            ids[i] = UUID.randomUUID();
            index.put(ids[i], i);
            alertIds[i] = d.alert().alertId();
            states[i] = wire(d.alert());
            fingerprints[i] = d.alert().fingerprint();
            channelIds[i] = to.channelId();
            alerts[i] = json.computeIfAbsent(d.alert(), AlertJson::write);
            statuses[i] = d.skipped() == null ? "pending" : "skipped";
            errors[i] = d.skipped();
            routeIds[i] = to.routeId();
            groupKeys[i] = to.groupKey();
            groupLabels[i] = LABELS.convertToDatabaseColumn(to.groupLabels());
            waits[i] = to.grouping().groupWait().toMillis();
            intervals[i] = to.grouping().groupInterval().toMillis();
            repeats[i] = d.repeat();
            muted[i] = d.muted();
        }
        // Each new pending delivery opens its group (route, group key, channel), or joins the group's next message,
        // and is written due at the group's flush time: a new group's after groupWait, an existing group's at its
        // next message or groupInterval after its last. A redelivered state (its delivery exists) touches no group.
        // Another instance opening the same group at the same moment: the insert waits for it and joins its flush
        // time. Groups first, so each delivery row is written once.
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        WITH u AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[],
                                                        $6::text[], $7::text[], $8::text[], $9::uuid[], $10::text[],
                                                        $11::int[], $12::bool[], $13::text[], $14::bigint[],
                                                        $15::bigint[]) WITH ORDINALITY
                                           AS u(id, alert_id, alert_status, fingerprint, channel_id, alert, status,
                                                last_error, route_id, group_key, repeat, muted, labels, wait_ms,
                                                interval_ms, n)),
                             k AS (SELECT DISTINCT ON (route_id, group_key, channel_id) * FROM u
                                    WHERE status = 'pending'
                                      AND NOT EXISTS (SELECT 1 FROM delivery d
                                                       WHERE d.alert_id = u.alert_id AND d.alert_status = u.alert_status
                                                         AND d.channel_id = u.channel_id AND d.repeat = u.repeat)),
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
                        INSERT INTO delivery (id, alert_id, alert_status, fingerprint, channel_id, status, attempts, alert,
                                              created_at, updated_at, next_attempt_at, last_error, route_id, group_key,
                                              repeat, muted)
                        SELECT u.id, u.alert_id, u.alert_status, u.fingerprint, u.channel_id, u.status, 0, u.alert::jsonb,
                               now(), now(), COALESCE(g.flush_at, now()), u.last_error, u.route_id, u.group_key,
                               u.repeat, u.muted
                          FROM u LEFT JOIN g ON u.status = 'pending' AND g.route_id = u.route_id
                                            AND g.group_key = u.group_key AND g.channel_id = u.channel_id
                         ORDER BY u.n
                        ON CONFLICT (alert_id, alert_status, channel_id, repeat) DO NOTHING
                        RETURNING id""")
                .execute(Tuple.tuple(List.of(ids, alertIds, states, fingerprints, channelIds, alerts, statuses,
                        errors, routeIds, groupKeys, repeats, muted, groupLabels, waits, intervals)))
                .chain(inserted -> {
                    // in the order given (RETURNING has none): events of one alert keep their order on the topic
                    List<Integer> made = new ArrayList<>();
                    inserted.forEach(row -> made.add(index.get(row.getUUID(0))));
                    Collections.sort(made);
                    List<Outbox.Item> events = new ArrayList<>();
                    for (int i : made) {
                        events.add(DeliveryEvents.of(ids[i], alertIds[i], channelIds[i], errors[i] != null
                                ? DeliveryEvent.Status.SKIPPED : DeliveryEvent.Status.PENDING, 0, errors[i]));
                    }
                    return outbox.addAll(conn, events).replaceWith(events.size());
                })).invoke(this::wakeRelay);
    }

    /** For resolutions: per alert, the channels an earlier state was sent (or is being sent) to. */
    private Uni<Map<UUID, Set<UUID>>> notifiedChannels(List<UUID> alertIds) {
        Map<UUID, Set<UUID>> notified = new HashMap<>();
        if (alertIds.isEmpty()) {
            return Uni.createFrom().item(notified);
        }
        return pool.preparedQuery("""
                        SELECT DISTINCT alert_id, channel_id FROM delivery
                         WHERE alert_id = ANY($1) AND alert_status <> 'resolved' AND status IN ('sent', 'pending')""")
                .execute(Tuple.of(alertIds.toArray(UUID[]::new)))
                .map(rows -> {
                    rows.forEach(r -> notified.computeIfAbsent(r.getUUID(0), k -> new HashSet<>()).add(r.getUUID(1)));
                    return notified;
                });
    }

    /** The claim's planner setting, for its own transaction (see {@link #claimDue}). */
    static final String CLAIM_SETTINGS = "SET LOCAL enable_sort = off";

    /** $1: how many; $2: the lease, in milliseconds. */
    static final String CLAIM = """
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
        return pool.withTransaction(conn -> Uni.combine().all().unis(conn.query(CLAIM_SETTINGS).execute(),
                conn.preparedQuery(CLAIM)
                .execute(Tuple.of(limit, lease.toMillis()))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row r : rows) {
                        AlertEvent alert = AlertJson.read(r.getString(2));
                        String labels = r.getString(6);
                        claimed.add(new Claimed(r.getUUID(0), r.getUUID(1), alert, r.getInteger(3), r.getUUID(4),
                                r.getString(5), labels == null ? Map.of() : LABELS.convertToEntityAttribute(labels)));
                    }
                    claimed.sort(Comparator.comparing(c -> c.alert().startsAt()));
                    return claimed;
                })).asTuple().map(Tuple2::getItem2));
    }

    /** What became of one message's deliveries; several are recorded together by {@link #settle}. */
    public record Outcome(List<Claimed> message, DeliveryEvent.Status status, String error, String response,
            Instant next, boolean heldBack) {

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
        List<Outcome> groups = new ArrayList<>();
        List<Outbox.Item> events = new ArrayList<>();
        for (Outcome o : outcomes) {
            for (Claimed d : o.message()) {
                all.add(d);
                of.add(o);
                if (!o.heldBack()) {
                    events.add(DeliveryEvents.of(d.id(), d.alert().alertId(), d.channelId(), o.status(), d.attempt(), o.error()));
                }
            }
            if (o.message().get(0).routeId() != null) {
                groups.add(o);
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
        int g = groups.size();
        UUID[] routes = new UUID[g], channels = new UUID[g];
        String[] keys = new String[g];
        OffsetDateTime[] flush = new OffsetDateTime[g];
        Boolean[] sent = new Boolean[g];
        for (int i = 0; i < g; i++) {
            Outcome o = groups.get(i);
            Claimed first = o.message().get(0);
            routes[i] = first.routeId();
            keys[i] = first.groupKey();
            channels[i] = first.channelId();
            flush[i] = o.status() == DeliveryEvent.Status.PENDING && o.next() != null ? o.next().atOffset(ZoneOffset.UTC) : null;
            sent[i] = o.status() == DeliveryEvent.Status.SENT;
        }
        // three independent statements, sent together (the client pipelines them on the transaction's connection):
        // one round trip instead of three while the dispatcher waits to send the next chunk
        return pool.withTransaction(conn -> Uni.join().all(conn.preparedQuery("""
                                UPDATE delivery d SET status = u.status,
                                       attempts = CASE WHEN u.held = 1 THEN u.before ELSE d.attempts END, last_error = u.error,
                                       response = CASE WHEN u.held = 1 THEN d.response ELSE u.response END,
                                       next_attempt_at = COALESCE(u.next, d.next_attempt_at),
                                       sent_at = CASE WHEN u.status = 'sent' THEN now() ELSE d.sent_at END, updated_at = now()
                                  FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::timestamptz[],
                                              $7::int[])
                                       AS u(id, status, held, error, response, next, before)
                                 WHERE d.id = u.id""")
                        .execute(Tuple.tuple(List.of(ids, statuses, held, errors, responses, next, before))).replaceWithVoid(),
                        g == 0 ? Uni.createFrom().voidItem() : conn.preparedQuery("""
                                        UPDATE notification_group g SET flush_at = u.flush_at,
                                               last_sent_at = CASE WHEN u.sent THEN now() ELSE g.last_sent_at END
                                          FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[], $5::bool[])
                                               AS u(route_id, group_key, channel_id, flush_at, sent)
                                         WHERE g.route_id = u.route_id AND g.group_key = u.group_key
                                           AND g.channel_id = u.channel_id""")
                                .execute(Tuple.tuple(List.of(routes, keys, channels, flush, sent))).replaceWithVoid(),
                        outbox.addAll(conn, events)).andFailFast().replaceWithVoid())
                .invoke(this::wakeRelay);
    }

    private void wakeRelay() {
        relay.wake();
    }

    private static String wire(AlertEvent alert) {
        return alert.status().name().toLowerCase(Locale.ROOT);
    }
}
