package io.watchkeeper.notifier.mute;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.alert.AlertLabels;
import io.watchkeeper.platform.db.StringMapJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Whether an alert state is muted — by an active silence, or by an inhibit rule while a matching source alert
 * fires — and the latest state of every alert, which inhibition looks at (Alertmanager's inhibit → silence stages).
 */
@ApplicationScoped
public class Mutes {

    private static final StringMapJson LABELS = new StringMapJson();

    private final SilenceRepository silences;
    private final InhibitRuleRepository rules;
    private final Pool pool;

    public Mutes(SilenceRepository silences, InhibitRuleRepository rules, Pool pool) {
        this.silences = silences;
        this.rules = rules;
        this.pool = pool;
    }

    /** Remembers the alert's latest state (a firing alert can inhibit others until it resolves). */
    public Uni<Void> remember(AlertEvent alert) {
        return pool.preparedQuery("""
                        INSERT INTO alert_state (alert_id, status, labels, alert, updated_at) VALUES ($1, $2, $3, $4, now())
                        ON CONFLICT (alert_id) DO UPDATE SET status = EXCLUDED.status, labels = EXCLUDED.labels,
                            alert = EXCLUDED.alert, updated_at = EXCLUDED.updated_at""")
                .execute(Tuple.of(alert.alertId(), alert.status().name().toLowerCase(Locale.ROOT),
                        LABELS.convertToDatabaseColumn(AlertLabels.of(alert)), json(alert)))
                .replaceWithVoid();
    }

    /** The latest event of an alert the notifier has seen; null when none. */
    public Uni<AlertEvent> latest(UUID alertId) {
        return pool.preparedQuery("SELECT alert FROM alert_state WHERE alert_id = $1").execute(Tuple.of(alertId))
                .map(rows -> {
                    if (!rows.iterator().hasNext() || rows.iterator().next().getString(0) == null) {
                        return null;
                    }
                    try {
                        return CloudEventCodec.instance().mapper().readValue(rows.iterator().next().getString(0),
                                AlertEvent.class);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    private static String json(AlertEvent alert) {
        try {
            return CloudEventCodec.instance().mapper().writeValueAsString(alert);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why the alert state is muted, or null when it goes out. */
    public Uni<String> reason(AlertEvent alert) {
        Map<String, String> labels = AlertLabels.of(alert);
        Instant now = Instant.now();
        return Panache.withSession(() -> silences.list("startsAt <= ?1 and endsAt > ?1", now)
                .chain(active -> {
                    for (Silence s : active) {
                        if (s.mutes(labels, now)) {
                            return Uni.createFrom().item("silenced by " + s.id + " (" + s.createdBy + ": " + s.comment + ")");
                        }
                    }
                    return rules.listAll().chain(all -> {
                        List<InhibitRule> applicable = all.stream().filter(r -> r.targets(labels)).toList();
                        return applicable.isEmpty() ? Uni.createFrom().nullItem() : inhibitor(alert.alertId(), labels, applicable);
                    });
                }));
    }

    private Uni<String> inhibitor(UUID alertId, Map<String, String> labels, List<InhibitRule> applicable) {
        return pool.preparedQuery("""
                        SELECT alert_id, labels FROM alert_state
                         WHERE status IN ('firing', 'acknowledged') AND alert_id <> $1""")
                .execute(Tuple.of(alertId))
                .map(rows -> {
                    List<Row> sources = new ArrayList<>();
                    rows.forEach(sources::add);
                    for (InhibitRule rule : applicable) {
                        for (Row source : sources) {
                            if (rule.inhibitedBy(labels, LABELS.convertToEntityAttribute(source.getString(1)))) {
                                return "inhibited by alert " + source.getUUID(0) + " (rule " + rule.name + ")";
                            }
                        }
                    }
                    return null;
                });
    }
}
