package io.watchkeeper.notifier.delivery;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.notifier.route.Destination;
import io.watchkeeper.platform.db.StringMapJson;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            java.util.Map<String, String> groupLabels) {
    }

    /** A delivery to make: of which alert state, to which channel in which group, the how-many-th repeat, skipped why. */
    public record New(AlertEvent alert, Destination destination, int repeat, String skipped, boolean muted) {
    }

    /** An alert state as the consumer routed it: its destinations and, when muted, why. */
    public record Routed(AlertEvent alert, List<Destination> destinations, String muted) {
    }

    private static final String COLUMNS = "id, alert_id, alert_status, channel_id, status, attempts, last_error, response, "
            + "created_at, updated_at, sent_at, route_id, group_key, repeat";

    private static final String SOURCE = "notifier-service";
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
                java.util.Set<UUID> reached = notified.computeIfAbsent(state.alert().alertId(), k -> new java.util.HashSet<>());
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
     * message + groupInterval. One transaction; returns how many were new.
     */
    public Uni<Integer> insert(List<New> deliveries) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.withTransaction(conn -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            java.util.Map<AlertEvent, JsonObject> json = new java.util.IdentityHashMap<>();
            List<Tuple> rows = new ArrayList<>();
            java.util.Map<UUID, New> byId = new java.util.HashMap<>();
            for (New d : deliveries) {
                UUID id = UUID.randomUUID();
                byId.put(id, d);
                AlertEvent alert = d.alert();
                rows.add(Tuple.from(java.util.Arrays.asList(id, alert.alertId(), wire(alert), alert.fingerprint(),
                        d.destination().channelId(), json.computeIfAbsent(alert, DeliveryLog::json), now,
                        d.skipped() == null ? "pending" : "skipped", d.skipped(), d.destination().routeId(),
                        d.destination().groupKey(), d.repeat(), d.muted())));
            }
            return conn.preparedQuery("""
                            INSERT INTO delivery (id, alert_id, alert_status, fingerprint, channel_id, status, attempts, alert,
                                                  created_at, updated_at, next_attempt_at, last_error, route_id, group_key,
                                                  repeat, muted)
                            VALUES ($1, $2, $3, $4, $5, $8, 0, $6, $7, $7, $7, $9, $10, $11, $12, $13)
                            ON CONFLICT (alert_id, alert_status, channel_id, repeat) DO NOTHING
                            RETURNING id, channel_id, status, last_error""")
                    .executeBatch(rows)
                    .chain(inserted -> {
                        List<Tuple> schedule = new ArrayList<>();
                        List<Outbox.Item> events = new ArrayList<>();
                        for (RowSet<Row> r = inserted; r != null; r = r.next()) {
                            for (Row row : r) {
                                New d = byId.get(row.getUUID(0));
                                boolean skipped = "skipped".equals(row.getString(2));
                                if (!skipped) {
                                    schedule.add(groupSchedule(row.getUUID(0), d.destination()));
                                }
                                events.add(event(row.getUUID(0), d.alert().alertId(), row.getUUID(1),
                                        skipped ? DeliveryEvent.Status.SKIPPED : DeliveryEvent.Status.PENDING, 0,
                                        row.getString(3)));
                            }
                        }
                        Uni<Void> scheduled = schedule.isEmpty() ? Uni.createFrom().voidItem()
                                : conn.preparedQuery(SCHEDULE).executeBatch(schedule).replaceWithVoid();
                        return scheduled.chain(() -> outbox.addAll(conn, events)).replaceWith(events.size());
                    });
        }).invoke(this::wakeRelay);
    }

    private static JsonObject json(AlertEvent alert) {
        return new JsonObject(CloudEventCodec.instance().mapper().convertValue(alert, java.util.Map.class));
    }

    /** Opens the delivery's group (or joins its next message) and makes the delivery due with that message. */
    private static final String SCHEDULE = """
            WITH g AS (
                INSERT INTO notification_group (route_id, group_key, channel_id, group_labels, created_at, flush_at)
                VALUES ($2, $3, $4, $5, now(), now() + $6 * interval '1 millisecond')
                ON CONFLICT (route_id, group_key, channel_id) DO UPDATE SET flush_at = COALESCE(notification_group.flush_at,
                    GREATEST(now(), notification_group.last_sent_at + $7 * interval '1 millisecond'))
                RETURNING flush_at)
            UPDATE delivery SET next_attempt_at = (SELECT flush_at FROM g) WHERE id = $1""";

    private static Tuple groupSchedule(UUID deliveryId, Destination d) {
        return Tuple.from(java.util.Arrays.asList(deliveryId, d.routeId(), d.groupKey(), d.channelId(),
                LABELS.convertToDatabaseColumn(d.groupLabels()), d.grouping().groupWait().toMillis(),
                d.grouping().groupInterval().toMillis()));
    }

    /** For resolutions: per alert, the channels an earlier state was sent (or is being sent) to. */
    private Uni<java.util.Map<UUID, java.util.Set<UUID>>> notifiedChannels(List<UUID> alertIds) {
        java.util.Map<UUID, java.util.Set<UUID>> notified = new java.util.HashMap<>();
        if (alertIds.isEmpty()) {
            return Uni.createFrom().item(notified);
        }
        return pool.preparedQuery("""
                        SELECT DISTINCT alert_id, channel_id FROM delivery
                         WHERE alert_id = ANY($1) AND alert_status <> 'resolved' AND status IN ('sent', 'pending')""")
                .execute(Tuple.of(alertIds.toArray(UUID[]::new)))
                .map(rows -> {
                    rows.forEach(r -> notified.computeIfAbsent(r.getUUID(0), k -> new java.util.HashSet<>()).add(r.getUUID(1)));
                    return notified;
                });
    }

    /**
     * Claims due pending deliveries for one attempt each: the lease moves their next attempt into the
     * future, so a crash mid-send only delays a retry. A delivery waits while an older one for the same
     * alert and channel is pending, so a channel sees an alert's states in order.
     */
    public Uni<List<Claimed>> claimDue(int limit, Duration lease) {
        return pool.preparedQuery("""
                WITH c AS (
                    UPDATE delivery SET attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond',
                                        updated_at = now()
                     WHERE id IN (SELECT d.id FROM delivery d
                                   WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                                     AND NOT EXISTS (SELECT 1 FROM delivery e
                                                      WHERE e.alert_id = d.alert_id AND e.channel_id = d.channel_id
                                                        AND e.status = 'pending' AND e.created_at < d.created_at)
                                   ORDER BY d.created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                    RETURNING id, channel_id, alert, attempts, route_id, group_key)
                SELECT c.*, g.group_labels FROM c
                  LEFT JOIN notification_group g
                    ON g.route_id = c.route_id AND g.group_key = c.group_key AND g.channel_id = c.channel_id""")
                .execute(Tuple.of(limit, lease.toMillis()))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row r : rows) {
                        AlertEvent alert = CloudEventCodec.instance().mapper()
                                .convertValue(r.getJsonObject(2).getMap(), AlertEvent.class);
                        String labels = r.getString(6);
                        claimed.add(new Claimed(r.getUUID(0), r.getUUID(1), alert, r.getInteger(3), r.getUUID(4),
                                r.getString(5), labels == null ? java.util.Map.of() : LABELS.convertToEntityAttribute(labels)));
                    }
                    claimed.sort(java.util.Comparator.comparing(c -> c.alert().startsAt()));
                    return claimed;
                });
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
        List<Tuple> deliveries = new ArrayList<>();
        List<Tuple> groups = new ArrayList<>();
        List<Outbox.Item> events = new ArrayList<>();
        for (Outcome o : outcomes) {
            OffsetDateTime next = o.next() == null ? null : o.next().atOffset(ZoneOffset.UTC);
            for (Claimed d : o.message()) {
                deliveries.add(Tuple.from(java.util.Arrays.asList(d.id(), o.status().name().toLowerCase(Locale.ROOT),
                        o.heldBack() ? 1 : 0, o.error(), o.response(), next)));
                if (!o.heldBack()) {
                    events.add(event(d.id(), d.alert().alertId(), d.channelId(), o.status(), d.attempt(), o.error()));
                }
            }
            Claimed first = o.message().get(0);
            if (first.routeId() != null) {
                groups.add(Tuple.from(java.util.Arrays.asList(first.routeId(), first.groupKey(), first.channelId(),
                        o.status() == DeliveryEvent.Status.PENDING ? next : null, o.status() == DeliveryEvent.Status.SENT)));
            }
        }
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                UPDATE delivery SET status = $2, attempts = attempts - $3, last_error = $4,
                                       response = CASE WHEN $3 = 1 THEN response ELSE $5 END,
                                       next_attempt_at = COALESCE($6, next_attempt_at),
                                       sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END, updated_at = now()
                                 WHERE id = $1""")
                        .executeBatch(deliveries)
                        .chain(() -> groups.isEmpty() ? Uni.createFrom().voidItem() : conn.preparedQuery("""
                                        UPDATE notification_group SET flush_at = $4,
                                               last_sent_at = CASE WHEN $5 THEN now() ELSE last_sent_at END
                                         WHERE route_id = $1 AND group_key = $2 AND channel_id = $3""")
                                .executeBatch(groups).replaceWithVoid())
                        .chain(() -> outbox.addAll(conn, events)))
                .invoke(this::wakeRelay);
    }

    /** The event of one delivery state; its id is stable per (delivery, status, attempt), so a replay is harmless. */
    private static Outbox.Item event(UUID deliveryId, UUID alertId, UUID channelId, DeliveryEvent.Status status,
            int attempt, String error) {
        DeliveryEvent event = new DeliveryEvent(alertId.toString(), channelId.toString(), status, attempt, error);
        String ceId = deliveryId + "." + status.name().toLowerCase(Locale.ROOT) + "." + attempt;
        return new Outbox.Item(Topics.DELIVERIES, alertId.toString(), CloudEvent.of(ceId, SOURCE, event));
    }

    private void wakeRelay() {
        relay.wake();
    }

    public Uni<Page<DeliveryView>> list(UUID alertId, UUID channelId, String status, int page, int size) {
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (alertId != null) {
            params.add(alertId);
            where.add("alert_id = $" + params.size());
        }
        if (channelId != null) {
            params.add(channelId);
            where.add("channel_id = $" + params.size());
        }
        if (status != null) {
            params.add(status.toLowerCase(Locale.ROOT));
            where.add("status = $" + params.size());
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add(page * size);
        return Uni.combine().all().unis(
                        pool.preparedQuery("SELECT " + COLUMNS + " FROM delivery" + filter
                                + " ORDER BY created_at, id LIMIT $" + (params.size() + 1) + " OFFSET $" + (params.size() + 2))
                                .execute(Tuple.from(pageParams)),
                        pool.preparedQuery("SELECT count(*) FROM delivery" + filter).execute(Tuple.from(params)))
                .with((rows, count) -> {
                    List<DeliveryView> items = new ArrayList<>();
                    rows.forEach(r -> items.add(DeliveryView.of(r)));
                    return new Page<>(items, count.iterator().next().getLong(0), page, size);
                });
    }

    private static String wire(AlertEvent alert) {
        return alert.status().name().toLowerCase(Locale.ROOT);
    }

    /** A delivery as the API shows it. */
    public record DeliveryView(UUID id, UUID alertId, String alertStatus, UUID channelId, String status,
            int attempts, String lastError, String response, Instant createdAt, Instant updatedAt, Instant sentAt,
            UUID routeId, String groupKey, int repeat) {

        static DeliveryView of(Row r) {
            return new DeliveryView(r.getUUID("id"), r.getUUID("alert_id"), r.getString("alert_status"),
                    r.getUUID("channel_id"), r.getString("status"), r.getInteger("attempts"),
                    r.getString("last_error"), r.getString("response"), instant(r, "created_at"),
                    instant(r, "updated_at"), instant(r, "sent_at"), r.getUUID("route_id"), r.getString("group_key"),
                    r.getInteger("repeat"));
        }

        private static Instant instant(Row r, String column) {
            OffsetDateTime t = r.getOffsetDateTime(column);
            return t == null ? null : t.toInstant();
        }
    }
}
