package io.watchkeeper.evaluator.engine;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checkpoints of per-series state, written in batches on a timer — never once per event. */
@ApplicationScoped
class SeriesStateStore {

    private final Pool pool;

    SeriesStateStore(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> save(List<Series> changed) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        for (Series s : changed) {
            rows.add(Tuple.of(s.ruleId, s.fingerprint, new JsonObject(new HashMap<>(s.labels)),
                    s.lastSeen().atOffset(ZoneOffset.UTC)));
        }
        return pool.preparedQuery("""
                INSERT INTO series_state (rule_id, fingerprint, labels, last_seen) VALUES ($1, $2, $3, $4)
                ON CONFLICT (rule_id, fingerprint) DO UPDATE
                   SET last_seen = GREATEST(series_state.last_seen, EXCLUDED.last_seen)""")
                .executeBatch(rows).replaceWithVoid();
    }

    Uni<Void> delete(List<Series> removed) {
        if (removed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("DELETE FROM series_state WHERE rule_id = $1 AND fingerprint = $2")
                .executeBatch(removed.stream().map(s -> Tuple.of(s.ruleId, s.fingerprint)).toList())
                .replaceWithVoid();
    }

    Uni<List<Series>> loadAll() {
        return pool.query("SELECT rule_id, fingerprint, labels, last_seen FROM series_state").execute().map(rows -> {
            List<Series> all = new ArrayList<>();
            for (Row r : rows) {
                Map<String, String> labels = new HashMap<>();
                r.getJsonObject(2).forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
                all.add(new Series(r.getUUID(0), r.getString(1), labels, r.getOffsetDateTime(3).toInstant()));
            }
            return all;
        });
    }
}
