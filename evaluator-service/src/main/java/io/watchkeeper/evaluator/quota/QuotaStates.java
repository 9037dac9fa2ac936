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
import io.watchkeeper.contracts.event.QuotaUsageEvent.Status;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where each quota stands, as stored: the {@code quota_state} table (its only writer), the partitions' checkpointed
 * counts summed, and the usage report that goes out through the outbox with the state it reflects.
 */
@ApplicationScoped
class QuotaStates {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "/watchkeeper/evaluator";

    /** Where one quota stands, and the signature of the last usage report sent ({@link UsageReports#signature}). */
    record Stored(QuotaSteps.Standing standing, String reported) {}

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
        return pool.query("SELECT quota_id, period, sum(usage) FROM quota_usage GROUP BY quota_id, period")
                .execute()
                .map(rows -> {
                    Map<String, Map<String, BigDecimal>> out = new HashMap<>();
                    for (Row r : rows) {
                        out.computeIfAbsent(r.getString(0), id -> new HashMap<>())
                                .put(r.getString(1), r.getBigDecimal(2));
                    }
                    return out;
                });
    }

    Uni<Map<String, Stored>> states() {
        return pool.query("SELECT quota_id, epoch, fired, period, status, reported FROM quota_state")
                .execute()
                .map(rows -> {
                    Map<String, Stored> out = new HashMap<>();
                    for (Row r : rows) {
                        String period = r.getString(3);
                        out.put(
                                r.getString(0),
                                new Stored(
                                        new QuotaSteps.Standing(
                                                r.getLong(1),
                                                readFired(r.getString(2)),
                                                period == null || period.isEmpty() ? null : period,
                                                Status.valueOf(r.getString(4).toUpperCase(Locale.ROOT))),
                                        r.getString(5)));
                    }
                    return out;
                });
    }

    /**
     * Stores where the quota stands and, with it in one transaction, the usage report when there is one (else the
     * signature of the last one stays).
     */
    Uni<Void> save(String quotaId, QuotaSteps.Standing s, QuotaUsageEvent report, String reported) {
        String signature = report == null ? reported : UsageReports.signature(report);
        return pool.withTransaction(conn -> conn.preparedQuery(
                                """
                INSERT INTO quota_state (quota_id, epoch, fired, period, status, reported, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (quota_id) DO UPDATE SET epoch = EXCLUDED.epoch, fired = EXCLUDED.fired,
                    period = EXCLUDED.period, status = EXCLUDED.status, reported = EXCLUDED.reported,
                    updated_at = EXCLUDED.updated_at""")
                        .execute(Tuple.tuple(Arrays.asList(
                                quotaId,
                                s.epoch(),
                                writeFired(s.fired()),
                                s.period() == null ? "" : s.period(),
                                QuotaAlerts.wire(s.status()),
                                signature,
                                Instant.now().atOffset(ZoneOffset.UTC))))
                        .chain(() -> report == null
                                ? Uni.createFrom().voidItem()
                                : outbox.add(conn, Topics.QUOTA_USAGE, quotaId, CloudEvent.of(SOURCE, report))))
                .invoke(() -> {
                    if (report != null) {
                        relay.wake();
                    }
                });
    }

    Uni<Void> delete(String quotaId) {
        return pool.preparedQuery("DELETE FROM quota_state WHERE quota_id = $1")
                .execute(Tuple.of(quotaId))
                .replaceWithVoid();
    }

    private static SortedMap<String, Instant> readFired(String json) {
        try {
            Map<String, String> raw = JSON.readValue(json, new TypeReference<Map<String, String>>() {});
            SortedMap<String, Instant> out = new TreeMap<>();
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
