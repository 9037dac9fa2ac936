package io.watchkeeper.notifier.mute;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.alert.AlertJson;
import io.watchkeeper.notifier.alert.AlertLabels;
import io.watchkeeper.platform.db.StringMapJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code alert_state} table: the latest state of every alert the notifier has seen, which inhibition, repeats
 * and handling by hand look at.
 */
@ApplicationScoped
public class AlertStates {

    private static final StringMapJson LABELS = new StringMapJson();

    private final Pool pool;

    public AlertStates(Pool pool) {
        this.pool = pool;
    }

    /**
     * Remembers each alert's latest state by the time the evaluator made it (the event's time): a late copy of
     * an older state — a re-sent batch, a replay — never overwrites a newer one (a resolved alert must not come
     * back as a firing inhibitor or be repeated).
     */
    public Uni<Void> remember(List<CloudEvent<AlertEvent>> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // per alert, its newest state in this poll (the later one on a tie)
        Map<UUID, CloudEvent<AlertEvent>> latest = new LinkedHashMap<>();
        states.forEach(e ->
                latest.merge(e.data().alertId(), e, (kept, next) -> next.time().isBefore(kept.time()) ? kept : next));
        int n = latest.size();
        UUID[] ids = new UUID[n];
        String[] statuses = new String[n], labels = new String[n], events = new String[n];
        OffsetDateTime[] made = new OffsetDateTime[n];
        int i = 0;
        for (CloudEvent<AlertEvent> e : latest.values()) {
            AlertEvent alert = e.data();
            ids[i] = alert.alertId();
            statuses[i] = alert.status().name().toLowerCase(Locale.ROOT);
            labels[i] = LABELS.convertToDatabaseColumn(AlertLabels.of(alert));
            events[i] = AlertJson.write(alert);
            made[i++] = e.time().atOffset(ZoneOffset.UTC);
        }
        return pool.preparedQuery(
                        """
                        INSERT INTO alert_state (alert_id, status, labels, alert, event_time, updated_at)
                        SELECT id, status, labels, alert, made, now()
                          FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
                               AS u(id, status, labels, alert, made)
                        ON CONFLICT (alert_id) DO UPDATE SET status = EXCLUDED.status, labels = EXCLUDED.labels,
                            alert = EXCLUDED.alert, event_time = EXCLUDED.event_time, updated_at = EXCLUDED.updated_at
                         WHERE alert_state.event_time IS NULL OR alert_state.event_time <= EXCLUDED.event_time""")
                .execute(Tuple.of(ids, statuses, labels, events, made))
                .replaceWithVoid();
    }

    /** The latest event of an alert the notifier has seen; null when none. */
    public Uni<AlertEvent> latest(UUID alertId) {
        return pool.preparedQuery("SELECT alert FROM alert_state WHERE alert_id = $1")
                .execute(Tuple.of(alertId))
                .map(rows -> {
                    String alert =
                            rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null;
                    return alert == null ? null : AlertJson.read(alert);
                });
    }

    /** The labels of every alert firing or acknowledged now, by alert id (the possible inhibitors). */
    public Uni<Map<UUID, Map<String, String>>> firing() {
        return pool.query("SELECT alert_id, labels FROM alert_state WHERE status IN ('firing', 'acknowledged')")
                .execute()
                .map(AlertStates::labelsById);
    }

    private static Map<UUID, Map<String, String>> labelsById(RowSet<Row> rows) {
        Map<UUID, Map<String, String>> firing = new LinkedHashMap<>();
        rows.forEach(r -> firing.put(r.getUUID(0), LABELS.convertToEntityAttribute(r.getString(1))));
        return firing;
    }
}
