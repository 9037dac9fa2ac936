package io.watchkeeper.evaluator.quota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each quota stands, as stored: the {@code quota_state} table (its only writer), the partitions' checkpointed
 * counts summed, and the usage report that goes out through the outbox with the state it reflects.
 */
@ApplicationScoped
class QuotaStates {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "/watchkeeper/evaluator";

    /** Where one quota stands: fired steps (step % → episode start) and, for periodic quotas, period + status. */
    static final class State {
        long epoch;
        Map<String, Instant> fired = new TreeMap<>();
        String period;
        String status = "normal";
        /** The signature of the last usage report sent ({@link UsageReports#signature}). */
        String reported;
        boolean changed;
    }

    private final Pool pool;
    private final Outbox outbox;
    private final OutboxRelay relay;

    QuotaStates(Pool pool, Outbox outbox, OutboxRelay relay) {
        this.pool = pool;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** What the partitions counted (as checkpointed): quota id → period → usage. */
    Uni<Map<String, Map<String, BigDecimal>>> usage() {
        return pool.query("SELECT quota_id, period, sum(usage) FROM quota_usage GROUP BY quota_id, period").execute()
                .map(rows -> {
                    Map<String, Map<String, BigDecimal>> out = new HashMap<>();
                    for (Row r : rows) {
                        out.computeIfAbsent(r.getString(0), id -> new HashMap<>()).put(r.getString(1), r.getBigDecimal(2));
                    }
                    return out;
                });
    }

    Uni<Map<String, State>> states() {
        return pool.query("SELECT quota_id, epoch, fired, period, status, reported FROM quota_state").execute().map(rows -> {
            Map<String, State> out = new HashMap<>();
            for (Row r : rows) {
                State s = new State();
                s.epoch = r.getLong(1);
                s.fired = readFired(r.getString(2));
                s.period = r.getString(3);
                s.status = r.getString(4);
                s.reported = r.getString(5);
                out.put(r.getString(0), s);
            }
            return out;
        });
    }

    /** Stores where the quota stands and, with it in one transaction, the usage report when there is one. */
    Uni<Void> save(String quotaId, State s, QuotaUsageEvent report) {
        s.changed = false;
        if (report != null) {
            s.reported = UsageReports.signature(report);
        }
        return pool.withTransaction(conn -> conn.preparedQuery("""
                INSERT INTO quota_state (quota_id, epoch, fired, period, status, reported, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (quota_id) DO UPDATE SET epoch = EXCLUDED.epoch, fired = EXCLUDED.fired,
                    period = EXCLUDED.period, status = EXCLUDED.status, reported = EXCLUDED.reported,
                    updated_at = EXCLUDED.updated_at""")
                        .execute(Tuple.tuple(java.util.Arrays.asList(quotaId, s.epoch, writeFired(s.fired),
                                s.period == null ? "" : s.period, s.status, s.reported,
                                Instant.now().atOffset(ZoneOffset.UTC))))
                        .chain(() -> report == null ? Uni.createFrom().voidItem()
                                : outbox.add(conn, Topics.QUOTA_USAGE, quotaId, CloudEvent.of(SOURCE, report))))
                .invoke(() -> {
                    if (report != null) {
                        relay.wake();
                    }
                });
    }

    Uni<Void> delete(String quotaId) {
        return pool.preparedQuery("DELETE FROM quota_state WHERE quota_id = $1").execute(Tuple.of(quotaId)).replaceWithVoid();
    }

    private static Map<String, Instant> readFired(String json) {
        try {
            Map<String, String> raw = JSON.readValue(json, new TypeReference<Map<String, String>>() {
            });
            Map<String, Instant> out = new TreeMap<>();
            raw.forEach((k, v) -> out.put(k, Instant.parse(v)));
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String writeFired(Map<String, Instant> fired) {
        Map<String, String> raw = new TreeMap<>();
        fired.forEach((k, v) -> raw.put(k, v.toString()));
        try {
            return JSON.writeValueAsString(raw);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
