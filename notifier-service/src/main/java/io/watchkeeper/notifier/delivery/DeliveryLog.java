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
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The notification log (Alertmanager's nflog, with history). One row per (alert id, alert status,
 * channel): recording the same alert state twice does nothing, so a redelivered Kafka message, a restart
 * or a second instance never causes a second message. Every change of a delivery is announced on
 * {@code wk.deliveries.v1} through the outbox, in the transaction that makes it.
 */
@ApplicationScoped
public class DeliveryLog {

    /** A delivery claimed for an attempt. */
    public record Claimed(UUID id, UUID channelId, AlertEvent alert, int attempt) {
    }

    private static final String COLUMNS = "id, alert_id, alert_status, channel_id, status, attempts, last_error, response, "
            + "created_at, updated_at, sent_at";

    private static final String SOURCE = "notifier-service";

    private final Pool pool;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public DeliveryLog(Pool pool, Outbox outbox, OutboxRelay relay) {
        this.pool = pool;
        this.outbox = outbox;
        this.relay = relay;
    }

    /**
     * Records a delivery per channel (each announced on wk.deliveries.v1) and returns how many were new: pending,
     * or skipped with {@code muted} as the reason; a resolution is skipped on channels its firing never reached.
     */
    public Uni<Integer> record(AlertEvent alert, Collection<UUID> channelIds, String muted) {
        if (channelIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return notifiedChannels(alert).chain(notified -> pool.withTransaction(conn -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            JsonObject json = new JsonObject(CloudEventCodec.instance().mapper().convertValue(alert, java.util.Map.class));
            List<Tuple> rows = new ArrayList<>();
            for (UUID channelId : channelIds) {
                String skipped = muted != null ? muted
                        : notified != null && !notified.contains(channelId) ? "the firing was not sent to this channel" : null;
                rows.add(Tuple.from(java.util.Arrays.asList(UUID.randomUUID(), alert.alertId(), wire(alert),
                        alert.fingerprint(), channelId, json, now, skipped == null ? "pending" : "skipped", skipped)));
            }
            return conn.preparedQuery("""
                            INSERT INTO delivery (id, alert_id, alert_status, fingerprint, channel_id, status, attempts, alert,
                                                  created_at, updated_at, next_attempt_at, last_error)
                            VALUES ($1, $2, $3, $4, $5, $8, 0, $6, $7, $7, $7, $9)
                            ON CONFLICT (alert_id, alert_status, channel_id) DO NOTHING
                            RETURNING id, channel_id, status, last_error""")
                    .executeBatch(rows)
                    .chain(inserted -> {
                        List<Uni<Void>> events = new ArrayList<>();
                        for (RowSet<Row> r = inserted; r != null; r = r.next()) {
                            for (Row row : r) {
                                events.add(announce(conn, row.getUUID(0), alert.alertId(), row.getUUID(1),
                                        "skipped".equals(row.getString(2)) ? DeliveryEvent.Status.SKIPPED
                                                : DeliveryEvent.Status.PENDING, 0, row.getString(3)));
                            }
                        }
                        return events.isEmpty() ? Uni.createFrom().item(0)
                                : Uni.join().all(events).andFailFast().map(List::size);
                    });
        })).invoke(this::wakeRelay);
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
                UPDATE delivery SET attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond',
                                    updated_at = now()
                 WHERE id IN (SELECT d.id FROM delivery d
                               WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                                 AND NOT EXISTS (SELECT 1 FROM delivery e
                                                  WHERE e.alert_id = d.alert_id AND e.channel_id = d.channel_id
                                                    AND e.status = 'pending' AND e.created_at < d.created_at)
                               ORDER BY d.created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                RETURNING id, channel_id, alert, attempts""")
                .execute(Tuple.of(limit, lease.toMillis()))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row r : rows) {
                        AlertEvent alert = CloudEventCodec.instance().mapper()
                                .convertValue(r.getJsonObject(2).getMap(), AlertEvent.class);
                        claimed.add(new Claimed(r.getUUID(0), r.getUUID(1), alert, r.getInteger(3)));
                    }
                    claimed.sort(java.util.Comparator.comparing(c -> c.alert().startsAt()));
                    return claimed;
                });
    }

    public Uni<Void> sent(Claimed d, String response) {
        return change(d, DeliveryEvent.Status.SENT, null, "status = 'sent', sent_at = now(), last_error = NULL, response = $2",
                Tuple.of(d.id(), response));
    }

    /** A failed attempt: announced as still pending, with the error, until the next one. */
    public Uni<Void> retryAt(Claimed d, String error, String response, Instant next) {
        return change(d, DeliveryEvent.Status.PENDING, error, "last_error = $2, response = $3, next_attempt_at = $4",
                Tuple.of(d.id(), error, response, next.atOffset(ZoneOffset.UTC)));
    }

    /**
     * The channel's guard held the send back (rate limit, open circuit): not an attempt — the delivery waits
     * until {@code until} and keeps its place (claims go oldest first).
     */
    public Uni<Void> holdBack(Claimed d, String why, Instant until) {
        return pool.preparedQuery("UPDATE delivery SET attempts = attempts - 1, next_attempt_at = $2, last_error = $3, "
                        + "updated_at = now() WHERE id = $1")
                .execute(Tuple.of(d.id(), until.atOffset(ZoneOffset.UTC), "held back: " + why)).replaceWithVoid();
    }

    public Uni<Void> failed(Claimed d, String error, String response) {
        return change(d, DeliveryEvent.Status.FAILED, error, "status = 'failed', last_error = $2, response = $3",
                Tuple.of(d.id(), error, response));
    }

    public Uni<Void> skipped(Claimed d, String reason) {
        return change(d, DeliveryEvent.Status.SKIPPED, reason, "status = 'skipped', last_error = $2",
                Tuple.of(d.id(), reason));
    }

    /** Updates the delivery and announces its new state on wk.deliveries.v1, in one transaction. */
    private Uni<Void> change(Claimed d, DeliveryEvent.Status status, String error, String set, Tuple params) {
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE delivery SET " + set + ", updated_at = now() WHERE id = $1")
                        .execute(params)
                        .chain(() -> announce(conn, d.id(), d.alert().alertId(), d.channelId(), status, d.attempt(), error)))
                .invoke(this::wakeRelay);
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
            int attempts, String lastError, String response, Instant createdAt, Instant updatedAt, Instant sentAt) {

        static DeliveryView of(Row r) {
            return new DeliveryView(r.getUUID("id"), r.getUUID("alert_id"), r.getString("alert_status"),
                    r.getUUID("channel_id"), r.getString("status"), r.getInteger("attempts"),
                    r.getString("last_error"), r.getString("response"), instant(r, "created_at"),
                    instant(r, "updated_at"), instant(r, "sent_at"));
        }

        private static Instant instant(Row r, String column) {
            OffsetDateTime t = r.getOffsetDateTime(column);
            return t == null ? null : t.toInstant();
        }
    }
}
