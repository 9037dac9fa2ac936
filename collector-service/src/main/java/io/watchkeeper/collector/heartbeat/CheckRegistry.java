package io.watchkeeper.collector.heartbeat;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.collector.pingkey.PingKeyService.ResolvedKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Known checks and their last ping. A ping only updates memory; a timer writes the accumulated pings
 * in one batch, which provisions a check on its first ping. If the write fails the pings are kept for
 * the next flush. (The event on Kafka, not this table, is what alerting relies on.)
 */
@ApplicationScoped
public class CheckRegistry {

    record CheckId(UUID keyId, String slug) {
    }

    /** A check as listed by the API. */
    public record Check(UUID pingKeyId, String pingKeyName, String slug, String tenant, Instant firstPingAt,
            Instant lastPingAt, long pings) {
    }

    private record Pending(String tenant, Instant first, Instant last, long pings) {
        Pending merge(Pending other) {
            return new Pending(tenant, first.isBefore(other.first) ? first : other.first,
                    last.isAfter(other.last) ? last : other.last, pings + other.pings);
        }
    }

    private static final String UPSERT = """
            INSERT INTO heartbeat_check (ping_key_id, slug, tenant, first_ping_at, last_ping_at, pings)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (ping_key_id, slug) DO UPDATE
               SET last_ping_at = GREATEST(heartbeat_check.last_ping_at, EXCLUDED.last_ping_at),
                   pings = heartbeat_check.pings + EXCLUDED.pings""";

    private final Pool pool;
    private final Map<CheckId, Pending> pending = new ConcurrentHashMap<>();

    public CheckRegistry(Pool pool) {
        this.pool = pool;
    }

    public void seen(ResolvedKey key, String slug, Instant at) {
        pending.merge(new CheckId(key.id(), slug), new Pending(key.tenant(), at, at, 1), Pending::merge);
    }

    @Scheduled(every = "${watchkeeper.collector.heartbeat.flush-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        Map<CheckId, Pending> batch = new HashMap<>();
        for (CheckId id : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p != null) {
                batch.put(id, p);
            }
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        batch.forEach((id, p) -> rows.add(Tuple.tuple(List.of(id.keyId(), id.slug()))
                .addString(p.tenant())
                .addOffsetDateTime(p.first().atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(p.last().atOffset(ZoneOffset.UTC))
                .addLong(p.pings())));
        return pool.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("could not record %d heartbeat checks, keeping them for the next flush: %s",
                            batch.size(), failure.getMessage());
                    batch.forEach((id, p) -> pending.merge(id, p, Pending::merge));
                    return null;
                });
    }

    /** Every known check, recorded or still waiting for the next flush, by slug. */
    public Uni<List<Check>> list() {
        return pool.query("""
                SELECT c.ping_key_id, k.name, c.slug, c.tenant, c.first_ping_at, c.last_ping_at, c.pings
                  FROM heartbeat_check c JOIN ping_key k ON k.id = c.ping_key_id""").execute()
                .map(rows -> {
                    Map<CheckId, Check> checks = new HashMap<>();
                    for (Row r : rows) {
                        Check c = new Check(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3),
                                r.getOffsetDateTime(4).toInstant(), r.getOffsetDateTime(5).toInstant(), r.getLong(6));
                        checks.put(new CheckId(c.pingKeyId(), c.slug()), c);
                    }
                    pending.forEach((id, p) -> checks.merge(id,
                            new Check(id.keyId(), null, id.slug(), p.tenant(), p.first(), p.last(), p.pings()),
                            (stored, fresh) -> new Check(stored.pingKeyId(), stored.pingKeyName(), stored.slug(),
                                    stored.tenant(), stored.firstPingAt(), fresh.lastPingAt(),
                                    stored.pings() + fresh.pings())));
                    return checks.values().stream()
                            .sorted(Comparator.comparing(Check::slug).thenComparing(c -> c.pingKeyId().toString()))
                            .toList();
                });
    }
}
