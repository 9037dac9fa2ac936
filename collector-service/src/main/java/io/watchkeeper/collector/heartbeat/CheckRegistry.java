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

    record CheckId(UUID keyId, String slug) {}

    /** A check as listed by the API. */
    public record Check(
            UUID pingKeyId,
            String pingKeyName,
            String slug,
            String tenant,
            Instant firstPingAt,
            Instant lastPingAt,
            long pings,
            String lastSignal,
            Integer lastExitCode,
            String lastBody,
            Instant lastSuccessAt,
            Instant lastStartAt,
            Instant lastFailureAt) {}

    /** Pings since the last flush: counts and times merged, the latest signal wins. */
    private record Pending(
            String tenant,
            Instant first,
            Instant last,
            long pings,
            Signal signal,
            String body,
            Instant success,
            Instant start,
            Instant failure) {

        static Pending of(String tenant, Signal signal, String body, Instant at) {
            return new Pending(
                    tenant,
                    at,
                    at,
                    1,
                    signal,
                    body,
                    signal.kind() == Signal.Kind.PING ? at : null,
                    signal.kind() == Signal.Kind.START ? at : null,
                    signal.kind() == Signal.Kind.FAIL ? at : null);
        }

        Pending merge(Pending o) {
            boolean newer = o.last.isAfter(last);
            return new Pending(
                    tenant,
                    first.isBefore(o.first) ? first : o.first,
                    newer ? o.last : last,
                    pings + o.pings,
                    newer ? o.signal : signal,
                    newer ? o.body : body,
                    latest(success, o.success),
                    latest(start, o.start),
                    latest(failure, o.failure));
        }

        private static Instant latest(Instant a, Instant b) {
            return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
        }
    }

    private static final String UPSERT =
            """
            INSERT INTO heartbeat_check (ping_key_id, slug, tenant, first_ping_at, last_ping_at, pings, last_signal,
                                         last_exit_code, last_body, last_success_at, last_start_at, last_failure_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (ping_key_id, slug) DO UPDATE
               SET last_ping_at = GREATEST(heartbeat_check.last_ping_at, EXCLUDED.last_ping_at),
                   pings = heartbeat_check.pings + EXCLUDED.pings,
                   last_signal = CASE WHEN EXCLUDED.last_ping_at >= heartbeat_check.last_ping_at
                                      THEN EXCLUDED.last_signal ELSE heartbeat_check.last_signal END,
                   last_exit_code = CASE WHEN EXCLUDED.last_ping_at >= heartbeat_check.last_ping_at
                                         THEN EXCLUDED.last_exit_code ELSE heartbeat_check.last_exit_code END,
                   last_body = CASE WHEN EXCLUDED.last_ping_at >= heartbeat_check.last_ping_at
                                    THEN EXCLUDED.last_body ELSE heartbeat_check.last_body END,
                   last_success_at = GREATEST(heartbeat_check.last_success_at, EXCLUDED.last_success_at),
                   last_start_at = GREATEST(heartbeat_check.last_start_at, EXCLUDED.last_start_at),
                   last_failure_at = GREATEST(heartbeat_check.last_failure_at, EXCLUDED.last_failure_at)""";

    private final Pool pool;
    private final Map<CheckId, Pending> pending = new ConcurrentHashMap<>();

    public CheckRegistry(Pool pool) {
        this.pool = pool;
    }

    public void seen(ResolvedKey key, String slug, Signal signal, String body, Instant at) {
        pending.merge(new CheckId(key.id(), slug), Pending.of(key.tenant(), signal, body, at), Pending::merge);
    }

    @Scheduled(
            every = "${watchkeeper.collector.heartbeat.flush-interval}",
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
                .addOffsetDateTime(utc(p.first()))
                .addOffsetDateTime(utc(p.last()))
                .addLong(p.pings())
                .addString(p.signal().wireName())
                .addInteger(p.signal().exitCode())
                .addString(p.body())
                .addOffsetDateTime(utc(p.success()))
                .addOffsetDateTime(utc(p.start()))
                .addOffsetDateTime(utc(p.failure()))));
        return pool.preparedQuery(UPSERT)
                .executeBatch(rows)
                .replaceWithVoid()
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "could not record %d heartbeat checks, keeping them for the next flush: %s",
                            batch.size(), failure.getMessage());
                    batch.forEach((id, p) -> pending.merge(id, p, Pending::merge));
                    return null;
                });
    }

    private static java.time.OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(java.time.OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    /** Forgets the checks with no signal since {@code before} (their next ping provisions them again); how many. */
    public Uni<Integer> forgetSilentSince(Instant before) {
        return pool.preparedQuery("DELETE FROM heartbeat_check WHERE last_ping_at < $1")
                .execute(Tuple.of(utc(before)))
                .map(rows -> rows.rowCount());
    }

    /** Every known check of a tenant ({@code null}: of all), recorded or still waiting for the next flush, by slug. */
    public Uni<List<Check>> list(String tenant) {
        return pool.preparedQuery(
                        """
                SELECT c.ping_key_id, k.name, c.slug, c.tenant, c.first_ping_at, c.last_ping_at, c.pings,
                       c.last_signal, c.last_exit_code, c.last_body, c.last_success_at, c.last_start_at,
                       c.last_failure_at
                  FROM heartbeat_check c JOIN ping_key k ON k.id = c.ping_key_id
                 WHERE $1::text IS NULL OR c.tenant = $1""")
                .execute(Tuple.of(tenant))
                .map(rows -> {
                    Map<CheckId, Check> checks = new HashMap<>();
                    for (Row r : rows) {
                        Check c = new Check(
                                r.getUUID(0),
                                r.getString(1),
                                r.getString(2),
                                r.getString(3),
                                instant(r.getOffsetDateTime(4)),
                                instant(r.getOffsetDateTime(5)),
                                r.getLong(6),
                                r.getString(7),
                                r.getInteger(8),
                                r.getString(9),
                                instant(r.getOffsetDateTime(10)),
                                instant(r.getOffsetDateTime(11)),
                                instant(r.getOffsetDateTime(12)));
                        checks.put(new CheckId(c.pingKeyId(), c.slug()), c);
                    }
                    // pings since the last flush are not in the table yet: show them too
                    pending.forEach((id, p) -> {
                        if (tenant != null && !tenant.equals(p.tenant())) {
                            return;
                        }
                        checks.merge(
                                id,
                                new Check(
                                        id.keyId(),
                                        null,
                                        id.slug(),
                                        p.tenant(),
                                        p.first(),
                                        p.last(),
                                        p.pings(),
                                        p.signal().wireName(),
                                        p.signal().exitCode(),
                                        p.body(),
                                        p.success(),
                                        p.start(),
                                        p.failure()),
                                (stored, fresh) -> new Check(
                                        stored.pingKeyId(),
                                        stored.pingKeyName(),
                                        stored.slug(),
                                        stored.tenant(),
                                        stored.firstPingAt(),
                                        fresh.lastPingAt(),
                                        stored.pings() + fresh.pings(),
                                        fresh.lastSignal(),
                                        fresh.lastExitCode(),
                                        fresh.lastBody(),
                                        later(stored.lastSuccessAt(), fresh.lastSuccessAt()),
                                        later(stored.lastStartAt(), fresh.lastStartAt()),
                                        later(stored.lastFailureAt(), fresh.lastFailureAt())));
                    });
                    return checks.values().stream()
                            .sorted(Comparator.comparing(Check::slug)
                                    .thenComparing(c -> c.pingKeyId().toString()))
                            .toList();
                });
    }
}
