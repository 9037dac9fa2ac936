package io.watchkeeper.notifier.delivery;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The notification log (Alertmanager's nflog, with history): the pipeline's log stage. One row per (alert id,
 * alert status, channel, repeat): recording the same alert state twice does nothing, so a redelivered Kafka
 * message, a restart or a second instance never causes a second message. A new pending delivery joins its group's
 * next message ({@link NotificationGroups}); {@link DispatchQueue} sends it from there. Every new delivery is
 * announced on {@code wk.deliveries.v1} through the outbox, in the transaction that records it.
 */
@ApplicationScoped
public class NotificationLog {

    /** A delivery to make: of which alert state, to which channel in which group, the how-many-th repeat, skipped why. */
    public record New(AlertEvent alert, Destination destination, int repeat, String skipped, boolean muted) {}

    /** An alert state as the consumer routed it: its destinations and, when muted, why. */
    public record Routed(AlertEvent alert, List<Destination> destinations, String muted) {}

    private static final StringMapJson LABELS = new StringMapJson();
    private static final String NOT_NOTIFIED = "the firing was not sent to this channel";

    private final Pool pool;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public NotificationLog(Pool pool, Outbox outbox, OutboxRelay relay) {
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
        List<UUID> resolved = states.stream()
                .filter(s -> s.alert().status() == AlertStatus.RESOLVED)
                .map(s -> s.alert().alertId())
                .distinct()
                .toList();
        return notifiedChannels(resolved).chain(notified -> {
            List<New> deliveries = new ArrayList<>();
            for (Routed state : states) {
                boolean resolution = state.alert().status() == AlertStatus.RESOLVED;
                Set<UUID> reached = notified.computeIfAbsent(state.alert().alertId(), k -> new HashSet<>());
                for (Destination d : state.destinations()) {
                    String skipped = state.muted() != null
                            ? state.muted()
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
        String[] states = new String[n],
                fingerprints = new String[n],
                alerts = new String[n],
                statuses = new String[n],
                errors = new String[n],
                groupKeys = new String[n],
                groupLabels = new String[n];
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
        // Groups first (NotificationGroups.SCHEDULE), so each delivery row is written once, due at its group's
        // flush time; a redelivered state (its delivery exists) touches no group.
        return pool.withTransaction(conn -> conn.preparedQuery(
                                """
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
                        """
                                        + NotificationGroups.SCHEDULE
                                        + """
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
                        .execute(Tuple.tuple(List.of(
                                ids,
                                alertIds,
                                states,
                                fingerprints,
                                channelIds,
                                alerts,
                                statuses,
                                errors,
                                routeIds,
                                groupKeys,
                                repeats,
                                muted,
                                groupLabels,
                                waits,
                                intervals)))
                        .chain(inserted -> {
                            // in the order given (RETURNING has none): events of one alert keep their order on the
                            // topic
                            List<Integer> made = new ArrayList<>();
                            inserted.forEach(row -> made.add(index.get(row.getUUID(0))));
                            Collections.sort(made);
                            List<Outbox.Item> events = new ArrayList<>();
                            for (int i : made) {
                                events.add(DeliveryEvents.of(
                                        ids[i],
                                        alertIds[i],
                                        channelIds[i],
                                        errors[i] != null ? DeliveryEvent.Status.SKIPPED : DeliveryEvent.Status.PENDING,
                                        0,
                                        errors[i]));
                            }
                            return outbox.addAll(conn, events).replaceWith(events.size());
                        }))
                .invoke(relay::wake);
    }

    /** For resolutions: per alert, the channels an earlier state was sent (or is being sent) to. */
    private Uni<Map<UUID, Set<UUID>>> notifiedChannels(List<UUID> alertIds) {
        Map<UUID, Set<UUID>> notified = new HashMap<>();
        if (alertIds.isEmpty()) {
            return Uni.createFrom().item(notified);
        }
        return pool.preparedQuery(
                        """
                        SELECT DISTINCT alert_id, channel_id FROM delivery
                         WHERE alert_id = ANY($1) AND alert_status <> 'resolved' AND status IN ('sent', 'pending')""")
                .execute(Tuple.of(alertIds.toArray(UUID[]::new)))
                .map(rows -> {
                    rows.forEach(r -> notified.computeIfAbsent(r.getUUID(0), k -> new HashSet<>())
                            .add(r.getUUID(1)));
                    return notified;
                });
    }

    private static String wire(AlertEvent alert) {
        return alert.status().name().toLowerCase(Locale.ROOT);
    }
}
