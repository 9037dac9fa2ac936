package io.watchkeeper.notifier.delivery;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
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

    /** A delivery to make: to which channel, in which group, the how-many-th repeat, skipped why (null: pending). */
    public record New(Destination destination, int repeat, String skipped, boolean muted) {
    }

    private static final String COLUMNS = "id, alert_id, alert_status, channel_id, status, attempts, last_error, response, "
            + "created_at, updated_at, sent_at, route_id, group_key, repeat";

    private static final String SOURCE = "notifier-service";
    private static final StringMapJson LABELS = new StringMapJson();

    private final Pool pool;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public DeliveryLog(Pool pool, Outbox outbox, OutboxRelay relay) {
        this.pool = pool;
        this.outbox = outbox;
        this.relay = relay;
    }

    /**
     * Records the first delivery of an alert state per channel (each announced on wk.deliveries.v1) and returns how
     * many were new: pending, or skipped with {@code muted} as the reason; a resolution is skipped on channels its
     * firing never reached.
     */
    public Uni<Integer> record(AlertEvent alert, List<Destination> destinations, String muted) {
        if (destinations.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return notifiedChannels(alert).map(notified -> destinations.stream().map(d -> {
            String skipped = muted != null ? muted
                    : notified != null && !notified.contains(d.channelId()) ? "the firing was not sent to this channel" : null;
            return new New(d, 0, skipped, muted != null);
        }).toList()).chain(deliveries -> insert(alert, deliveries));
    }

    /**
     * Inserts deliveries of one alert state (a state already recorded for a channel and repeat is left alone) and
     * schedules the pending ones with their group: the group's next message goes out at its first alert +
     * groupWait, or its last message + groupInterval. Returns how many were new.
     */
    public Uni<Integer> insert(AlertEvent alert, List<New> deliveries) {
        return pool.withTransaction(conn -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            JsonObject json = new JsonObject(CloudEventCodec.instance().mapper().convertValue(alert, java.util.Map.class));
            List<Tuple> rows = new ArrayList<>();
            java.util.Map<UUID, New> byId = new java.util.HashMap<>();
            for (New d : deliveries) {
                UUID id = UUID.randomUUID();
                byId.put(id, d);
                rows.add(Tuple.from(java.util.Arrays.asList(id, alert.alertId(), wire(alert), alert.fingerprint(),
                        d.destination().channelId(), json, now, d.skipped() == null ? "pending" : "skipped", d.skipped(),
                        d.destination().routeId(), d.destination().groupKey(), d.repeat(), d.muted())));
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
                        List<Uni<Void>> events = new ArrayList<>();
                        for (RowSet<Row> r = inserted; r != null; r = r.next()) {
                            for (Row row : r) {
                                boolean skipped = "skipped".equals(row.getString(2));
                                if (!skipped) {
                                    schedule.add(groupSchedule(row.getUUID(0), byId.get(row.getUUID(0)).destination()));
                                }
                                events.add(announce(conn, row.getUUID(0), alert.alertId(), row.getUUID(1),
                                        skipped ? DeliveryEvent.Status.SKIPPED : DeliveryEvent.Status.PENDING, 0,
                                        row.getString(3)));
                            }
                        }
                        Uni<Void> scheduled = schedule.isEmpty() ? Uni.createFrom().voidItem()
                                : conn.preparedQuery(SCHEDULE).executeBatch(schedule).replaceWithVoid();
                        return scheduled.chain(() -> events.isEmpty() ? Uni.createFrom().item(0)
                                : Uni.join().all(events).andFailFast().map(List::size));
                    });
        }).invoke(this::wakeRelay);
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

    /** For a resolution: the channels an earlier state of the alert was sent (or is being sent) to; else null. */
    private Uni<java.util.Set<UUID>> notifiedChannels(AlertEvent alert) {
        if (alert.status() != AlertStatus.RESOLVED) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("""
                        SELECT DISTINCT channel_id FROM delivery
                         WHERE alert_id = $1 AND alert_status <> 'resolved' AND status IN ('sent', 'pending')""")
                .execute(Tuple.of(alert.alertId()))
                .map(rows -> {
                    java.util.Set<UUID> ids = new java.util.HashSet<>();
                    rows.forEach(r -> ids.add(r.getUUID(0)));
                    return ids;
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

    /** The message went out: every delivery in it is sent; the group's next message waits groupInterval from now. */
    public Uni<Void> sent(List<Claimed> batch, String response) {
        return change(batch, DeliveryEvent.Status.SENT, null, "status = 'sent', sent_at = now(), last_error = NULL, "
                + "response = $2", java.util.Collections.singletonList(response), true, null);
    }

    /** A failed attempt: announced as still pending, with the error, until the next one (newcomers join it). */
    public Uni<Void> retryAt(List<Claimed> batch, String error, String response, Instant next) {
        OffsetDateTime at = next.atOffset(ZoneOffset.UTC);
        return change(batch, DeliveryEvent.Status.PENDING, error, "last_error = $2, response = $3, next_attempt_at = $4",
                java.util.Arrays.asList(error, response, at), false, at);
    }

    /**
     * The channel's guard held the send back (rate limit, open circuit): not an attempt — the deliveries wait
     * until {@code until} and keep their place (claims go oldest first).
     */
    public Uni<Void> holdBack(List<Claimed> batch, String why, Instant until) {
        OffsetDateTime at = until.atOffset(ZoneOffset.UTC);
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE delivery SET attempts = attempts - 1, "
                        + "next_attempt_at = $2, last_error = $3, updated_at = now() WHERE id = ANY($1)")
                .execute(Tuple.of(ids(batch), at, "held back: " + why))
                .chain(() -> updateGroup(conn, batch, false, at)));
    }

    public Uni<Void> failed(List<Claimed> batch, String error, String response) {
        return change(batch, DeliveryEvent.Status.FAILED, error, "status = 'failed', last_error = $2, response = $3",
                java.util.Arrays.asList(error, response), false, null);
    }

    public Uni<Void> skipped(List<Claimed> batch, String reason) {
        return change(batch, DeliveryEvent.Status.SKIPPED, reason, "status = 'skipped', last_error = $2",
                java.util.Collections.singletonList(reason), false, null);
    }

    /**
     * Updates the deliveries of one message ({@code params} are $2… of {@code set}) and their group, and announces
     * each delivery's new state on wk.deliveries.v1, in one transaction.
     */
    private Uni<Void> change(List<Claimed> batch, DeliveryEvent.Status status, String error, String set,
            List<Object> params, boolean sentNow, OffsetDateTime flushAt) {
        List<Object> all = new ArrayList<>();
        all.add(ids(batch));
        all.addAll(params);
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE delivery SET " + set + ", updated_at = now() WHERE id = ANY($1)")
                        .execute(Tuple.from(all))
                        .chain(() -> updateGroup(conn, batch, sentNow, flushAt))
                        .chain(() -> Uni.join().all(batch.stream().map(d -> announce(conn, d.id(), d.alert().alertId(),
                                d.channelId(), status, d.attempt(), error)).toList()).andFailFast()))
                .invoke(this::wakeRelay).replaceWithVoid();
    }

    /** The group's next message: at {@code flushAt}, or none yet (null); {@code sentNow} starts its groupInterval. */
    private static Uni<Void> updateGroup(SqlConnection conn, List<Claimed> batch, boolean sentNow, OffsetDateTime flushAt) {
        Claimed first = batch.get(0);
        if (first.routeId() == null) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                        UPDATE notification_group SET flush_at = $4,
                               last_sent_at = CASE WHEN $5 THEN now() ELSE last_sent_at END
                         WHERE route_id = $1 AND group_key = $2 AND channel_id = $3""")
                .execute(Tuple.from(java.util.Arrays.asList(first.routeId(), first.groupKey(), first.channelId(), flushAt,
                        sentNow)))
                .replaceWithVoid();
    }

    private static UUID[] ids(List<Claimed> batch) {
        return batch.stream().map(Claimed::id).toArray(UUID[]::new);
    }

    /** The event of one delivery state; its id is stable per (delivery, status, attempt), so a replay is harmless. */
    private Uni<Void> announce(SqlConnection conn, UUID deliveryId, UUID alertId, UUID channelId,
            DeliveryEvent.Status status, int attempt, String error) {
        DeliveryEvent event = new DeliveryEvent(alertId.toString(), channelId.toString(), status, attempt, error);
        String ceId = deliveryId + "." + status.name().toLowerCase(Locale.ROOT) + "." + attempt;
        return outbox.add(conn, Topics.DELIVERIES, alertId.toString(), CloudEvent.of(ceId, SOURCE, event));
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
