package io.watchkeeper.evaluator.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reading alerts: filtered pages, newest first, and one alert with its history and the actions taken on it. */
@ApplicationScoped
public class AlertQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertRepository repository;
    private final ActionsTaken actions;
    private final Pool pool;

    public AlertQueries(AlertRepository repository, ActionsTaken actions, Pool pool) {
        this.repository = repository;
        this.actions = actions;
        this.pool = pool;
    }

    /** One alert with its history and actions, when the caller may see it (its {@code tenant} label); 404 otherwise. */
    public Uni<AlertDtos.Detail> get(TenantScope scope, UUID id) {
        return Panache.withSession(() -> repository
                .findById(id)
                .map(a -> scope.visible(a, a == null ? null : a.tenant(), "alert", id))
                .chain(a -> repository.history(id).chain(h -> actions.of(id)
                        .map(taken -> new AlertDtos.Detail(
                                AlertDtos.View.of(a),
                                h.stream().map(AlertDtos.Transition::of).toList(),
                                taken)))));
    }

    /**
     * A filtered page, newest first: one query through the reactive client (rows straight into views, the total
     * with the page), the list being the API's busiest read.
     */
    public Uni<Page<AlertDtos.View>> list(AlertDtos.Filter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (filter.status() != null) {
            params.add(filter.status().wireName());
            where.add("status = $" + params.size());
        }
        if (filter.severity() != null) {
            params.add(filter.severity().name().toLowerCase(java.util.Locale.ROOT));
            where.add("severity = $" + params.size());
        }
        if (filter.type() != null) {
            params.add(filter.type());
            where.add("type = $" + params.size());
        }
        if (filter.ruleId() != null) {
            params.add(filter.ruleId());
            where.add("rule_id = $" + params.size());
        }
        Map<String, String> labels = new HashMap<>(filter.labels());
        if (filter.tenant() != null) {
            labels.put("tenant", filter.tenant());
        }
        if (!labels.isEmpty()) {
            params.add(json(labels));
            // through text: a parameter typed jsonb would be sent as a JSON string, not an object
            where.add("labels @> CAST(CAST($" + params.size() + " AS text) AS jsonb)");
        }
        if (filter.from() != null) {
            params.add(filter.from().atOffset(ZoneOffset.UTC));
            where.add("starts_at >= $" + params.size());
        }
        if (filter.to() != null) {
            params.add(filter.to().atOffset(ZoneOffset.UTC));
            where.add("starts_at < $" + params.size());
        }
        String condition = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        List<Object> paged = new ArrayList<>(params);
        paged.add(size);
        paged.add((long) page * size);
        return pool.preparedQuery("SELECT " + COLUMNS + ", count(*) OVER () AS total FROM alert" + condition
                        + " ORDER BY starts_at DESC, id LIMIT $" + (params.size() + 1) + " OFFSET $"
                        + (params.size() + 2))
                .execute(Tuple.from(paged))
                .chain(rows -> {
                    List<AlertDtos.View> items = new ArrayList<>();
                    long total = 0;
                    for (Row r : rows) {
                        items.add(view(r));
                        total = r.getLong("total");
                    }
                    if (!items.isEmpty() || page == 0) {
                        return Uni.createFrom().item(new Page<>(items, total, page, size));
                    }
                    // a page past the end: the total still counts
                    return pool.preparedQuery("SELECT count(*) FROM alert" + condition)
                            .execute(Tuple.from(params))
                            .map(count ->
                                    new Page<>(items, count.iterator().next().getLong(0), page, size));
                });
    }

    private static final String COLUMNS =
            "id, fingerprint, rule_id, rule_name, type, status, severity, priority, title,"
                    + " message, labels, annotations, value, threshold, starts_at, fired_at, ends_at, acknowledged_by,"
                    + " acknowledged_at, suppressed_until, suppressed_reason, quota, updated_at";
    private static final Alert.QuotaRefText QUOTA = new Alert.QuotaRefText();

    private static AlertDtos.View view(Row r) {
        return new AlertDtos.View(
                r.getUUID("id"),
                r.getString("fingerprint"),
                r.getUUID("rule_id"),
                r.getString("rule_name"),
                r.getString("type"),
                AlertState.parse(r.getString("status")),
                io.watchkeeper.contracts.event.Severity.valueOf(
                        r.getString("severity").toUpperCase(java.util.Locale.ROOT)),
                r.getString("priority"),
                r.getString("title"),
                r.getString("message"),
                strings(r.getJsonObject("labels")),
                strings(r.getJsonObject("annotations")),
                r.getBigDecimal("value"),
                r.getBigDecimal("threshold"),
                instant(r, "starts_at"),
                instant(r, "fired_at"),
                instant(r, "ends_at"),
                r.getString("acknowledged_by"),
                instant(r, "acknowledged_at"),
                instant(r, "suppressed_until"),
                r.getString("suppressed_reason"),
                QUOTA.convertToEntityAttribute(r.getString("quota")),
                instant(r, "updated_at"));
    }

    private static Map<String, String> strings(io.vertx.core.json.JsonObject json) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (json != null) {
            json.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return out;
    }

    private static java.time.Instant instant(Row r, String column) {
        java.time.OffsetDateTime at = r.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }

    private static String json(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
