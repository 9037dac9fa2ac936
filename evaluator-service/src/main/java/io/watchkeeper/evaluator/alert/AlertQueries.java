package io.watchkeeper.evaluator.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
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

    public AlertQueries(AlertRepository repository, ActionsTaken actions) {
        this.repository = repository;
        this.actions = actions;
    }

    /** One alert with its history and actions, when the caller may see it (its {@code tenant} label); 404 otherwise. */
    public Uni<AlertDtos.Detail> get(TenantScope scope, UUID id) {
        return Panache.withSession(() -> repository.findById(id)
                .map(a -> scope.visible(a, a == null ? null : a.tenant(), "alert", id))
                .chain(a -> repository.history(id).chain(h -> actions.of(id).map(taken -> new AlertDtos.Detail(
                        AlertDtos.View.of(a), h.stream().map(AlertDtos.Transition::of).toList(), taken)))));
    }

    public Uni<Page<AlertDtos.View>> list(AlertDtos.Filter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.status() != null) {
            where.add("status = :status");
            params.put("status", filter.status().wireName());
        }
        if (filter.severity() != null) {
            where.add("severity = :severity");
            params.put("severity", filter.severity().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (filter.type() != null) {
            where.add("type = :type");
            params.put("type", filter.type());
        }
        if (filter.ruleId() != null) {
            where.add("rule_id = :ruleId");
            params.put("ruleId", filter.ruleId());
        }
        Map<String, String> labels = new HashMap<>(filter.labels());
        if (filter.tenant() != null) {
            labels.put("tenant", filter.tenant());
        }
        if (!labels.isEmpty()) {
            // through text: a parameter typed jsonb would be sent as a JSON string, not an object
            where.add("labels @> CAST(CAST(:labels AS text) AS jsonb)");
            params.put("labels", json(labels));
        }
        if (filter.from() != null) {
            where.add("starts_at >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("starts_at < :to");
            params.put("to", filter.to());
        }
        String condition = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        return Panache.withSession(() -> Panache.getSession().chain(s -> {
            var rows = s.createNativeQuery("SELECT * FROM alert" + condition
                    + " ORDER BY starts_at DESC, id LIMIT :limit OFFSET :offset", Alert.class);
            var count = s.createNativeQuery("SELECT count(*) FROM alert" + condition, Long.class);
            params.forEach((k, v) -> {
                rows.setParameter(k, v);
                count.setParameter(k, v);
            });
            rows.setParameter("limit", size).setParameter("offset", (long) page * size);
            return rows.getResultList().chain(alerts -> count.getSingleResult()
                    .map(total -> new Page<>(alerts.stream().map(AlertDtos.View::of).toList(), total, page, size)));
        }));
    }

    private static String json(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
