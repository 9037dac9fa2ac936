package io.watchkeeper.notifier.delivery;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Reading the notification log for the API: filtered pages of deliveries, in the order they were made. */
@ApplicationScoped
public class DeliveryQueries {

    private static final String COLUMNS =
            "id, alert_id, alert_status, channel_id, status, attempts, last_error, response, "
                    + "created_at, updated_at, sent_at, route_id, group_key, repeat";

    private final Pool pool;

    public DeliveryQueries(Pool pool) {
        this.pool = pool;
    }

    /** Deliveries of alerts of one tenant ({@code null}: of all: the alert's {@code tenant} label), newest last. */
    public Uni<Page<DeliveryView>> list(
            String tenant, UUID alertId, UUID channelId, String status, Instant from, int page, int size) {
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (tenant != null) {
            params.add(tenant);
            where.add("alert -> 'labels' ->> 'tenant' = $" + params.size());
        }
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
        if (from != null) {
            params.add(from.atOffset(java.time.ZoneOffset.UTC));
            where.add("updated_at >= $" + params.size());
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add(page * size);
        return Uni.combine()
                .all()
                .unis(
                        pool.preparedQuery("SELECT " + COLUMNS + " FROM delivery" + filter + " ORDER BY seq LIMIT $"
                                        + (params.size() + 1) + " OFFSET $" + (params.size() + 2))
                                .execute(Tuple.from(pageParams)),
                        pool.preparedQuery("SELECT count(*) FROM delivery" + filter)
                                .execute(Tuple.from(params)))
                .with((rows, count) -> {
                    List<DeliveryView> items = new ArrayList<>();
                    rows.forEach(r -> items.add(DeliveryView.of(r)));
                    return new Page<>(items, count.iterator().next().getLong(0), page, size);
                });
    }

    /** A delivery as the API shows it. */
    public record DeliveryView(
            UUID id,
            UUID alertId,
            String alertStatus,
            UUID channelId,
            String status,
            int attempts,
            String lastError,
            String response,
            Instant createdAt,
            Instant updatedAt,
            Instant sentAt,
            UUID routeId,
            String groupKey,
            int repeat) {

        static DeliveryView of(Row r) {
            return new DeliveryView(
                    r.getUUID("id"),
                    r.getUUID("alert_id"),
                    r.getString("alert_status"),
                    r.getUUID("channel_id"),
                    r.getString("status"),
                    r.getInteger("attempts"),
                    r.getString("last_error"),
                    r.getString("response"),
                    instant(r, "created_at"),
                    instant(r, "updated_at"),
                    instant(r, "sent_at"),
                    r.getUUID("route_id"),
                    r.getString("group_key"),
                    r.getInteger("repeat"));
        }

        private static Instant instant(Row r, String column) {
            OffsetDateTime t = r.getOffsetDateTime(column);
            return t == null ? null : t.toInstant();
        }
    }
}
