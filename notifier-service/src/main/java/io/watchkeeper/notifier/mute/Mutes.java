package io.watchkeeper.notifier.mute;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.alert.AlertJson;
import io.watchkeeper.notifier.alert.AlertLabels;
import io.watchkeeper.platform.db.CachedRead;
import io.watchkeeper.platform.db.StringMapJson;
import io.watchkeeper.platform.kafka.BackgroundWork;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether an alert state is muted — by an active silence, or by an inhibit rule while a matching source alert
 * fires — and the latest state of every alert, which inhibition looks at (Alertmanager's inhibit → silence stages).
 * Silences and rules are read at most every {@code config-cache}; a change through this instance shows at once.
 */
@ApplicationScoped
public class Mutes {

    private static final StringMapJson LABELS = new StringMapJson();

    private final Pool pool;
    private final CachedRead<Loaded> loaded;

    public Mutes(SilenceRepository silences, InhibitRuleRepository rules, Pool pool, BackgroundWork background,
            @ConfigProperty(name = "watchkeeper.notifier.config-cache") Duration cacheFor) {
        this.pool = pool;
        // silences that have not ended (a pending one starts while cached) and every rule; a session of its own:
        // callers (the consumer, the repeater) may be inside theirs
        this.loaded = new CachedRead<>(() -> background.isolated(() -> Panache.withSession(
                () -> silences.list("endsAt > ?1", Instant.now())
                        .chain(open -> rules.listAll().map(all -> new Loaded(open, all))))), cacheFor);
    }

    /** Silences or inhibit rules changed (committed): the next check reads them again. */
    public void changed() {
        loaded.invalidate();
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
        states.forEach(e -> latest.merge(e.data().alertId(), e,
                (kept, next) -> next.time().isBefore(kept.time()) ? kept : next));
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
        return pool.preparedQuery("""
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
        return pool.preparedQuery("SELECT alert FROM alert_state WHERE alert_id = $1").execute(Tuple.of(alertId))
                .map(rows -> {
                    if (!rows.iterator().hasNext() || rows.iterator().next().getString(0) == null) {
                        return null;
                    }
                    return AlertJson.read(rows.iterator().next().getString(0));
                });
    }

    /**
     * For each alert state, why it is muted (null: it goes out) — silences first, then inhibit rules. Reads the
     * silences and the rules from the cache, and the firing alerts only when a rule targets one of these.
     */
    public Uni<List<String>> reasons(List<AlertEvent> alerts) {
        Instant now = Instant.now();
        List<Map<String, String>> labels = alerts.stream().map(AlertLabels::of).toList();
        return loaded.get()
                .chain(loaded -> {
                    List<Silence> open = loaded.silences();
                    List<InhibitRule> all = loaded.rules();
                    List<String> reasons = new ArrayList<>();
                    boolean inhibitable = false;
                    for (Map<String, String> l : labels) {
                        String silenced = open.stream().filter(s -> s.mutes(l, now)).findFirst()
                                .map(s -> "silenced by " + s.id + " (" + s.createdBy + ": " + s.comment + ")").orElse(null);
                        reasons.add(silenced);
                        inhibitable |= silenced == null && all.stream().anyMatch(r -> r.targets(l));
                    }
                    if (!inhibitable) {
                        return Uni.createFrom().item(reasons);
                    }
                    return firingSources().map(sources -> {
                        for (int i = 0; i < alerts.size(); i++) {
                            if (reasons.get(i) == null) {
                                reasons.set(i, inhibitor(alerts.get(i).alertId(), labels.get(i), all, sources));
                            }
                        }
                        return reasons;
                    });
                });
    }

    private record Loaded(List<Silence> silences, List<InhibitRule> rules) {
    }

    private Uni<List<Row>> firingSources() {
        return pool.query("SELECT alert_id, labels FROM alert_state WHERE status IN ('firing', 'acknowledged')")
                .execute().map(rows -> {
                    List<Row> sources = new ArrayList<>();
                    rows.forEach(sources::add);
                    return sources;
                });
    }

    private static String inhibitor(UUID alertId, Map<String, String> labels, List<InhibitRule> rules, List<Row> sources) {
        for (InhibitRule rule : rules) {
            if (!rule.targets(labels)) {
                continue;
            }
            for (Row source : sources) {
                if (!source.getUUID(0).equals(alertId)
                        && rule.inhibitedBy(labels, LABELS.convertToEntityAttribute(source.getString(1)))) {
                    return "inhibited by alert " + source.getUUID(0) + " (rule " + rule.name + ")";
                }
            }
        }
        return null;
    }
}
