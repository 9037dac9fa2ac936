package io.watchkeeper.quota.usage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code quota_usage} table — the latest report of each quota and period — and its only writer. */
@ApplicationScoped
public class UsageRepository {

    private final Pool pool;

    public UsageRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Keeps a report of a quota this service owns when it is newer than the one kept: a replayed or duplicated report
     * changes nothing. True when it was kept.
     */
    public Uni<Boolean> keep(QuotaUsageEvent r) {
        return pool.preparedQuery(
                        """
                        INSERT INTO quota_usage (quota_id, period, epoch, consumed, allocated, used_pct, status, observed_at,
                                                 received_at)
                        SELECT $1, $2, $3, $4, $5, $6, $7, $8, now() WHERE EXISTS (SELECT 1 FROM quota WHERE id = $1)
                        ON CONFLICT (quota_id, period) DO UPDATE SET epoch = EXCLUDED.epoch, consumed = EXCLUDED.consumed,
                            allocated = EXCLUDED.allocated, used_pct = EXCLUDED.used_pct, status = EXCLUDED.status,
                            observed_at = EXCLUDED.observed_at, received_at = EXCLUDED.received_at
                         WHERE quota_usage.observed_at < EXCLUDED.observed_at""")
                .execute(Tuple.tuple(Arrays.asList(
                        r.quotaId(),
                        r.period(),
                        r.epoch(),
                        r.consumed(),
                        r.allocated(),
                        r.usedPct(),
                        r.status().name(),
                        r.observedAt().atOffset(ZoneOffset.UTC))))
                .map(rows -> rows.rowCount() > 0);
    }

    /** What a prepaid quota has consumed, as last reported (zero before the first report). */
    public Uni<BigDecimal> consumed(SqlClient client, String quotaId) {
        return client.preparedQuery("SELECT consumed FROM quota_usage WHERE quota_id = $1 AND period = 'all'")
                .execute(Tuple.of(quotaId))
                .map(rows -> rows.size() == 0
                        ? BigDecimal.ZERO
                        : rows.iterator().next().getBigDecimal(0));
    }

    /** A quota's reports, newest period first. */
    public Uni<List<QuotaUsageEvent>> of(String quotaId) {
        return pool.preparedQuery(
                        """
                        SELECT quota_id, epoch, period, consumed, allocated, used_pct, status, observed_at FROM quota_usage
                         WHERE quota_id = $1 ORDER BY period DESC""")
                .execute(Tuple.of(quotaId))
                .map(UsageRepository::all);
    }

    /** The newest period's report of each of the given quotas (for a page of quotas). */
    public Uni<List<QuotaUsageEvent>> newest(List<String> quotaIds) {
        return pool.preparedQuery(
                        """
                        SELECT DISTINCT ON (quota_id) quota_id, epoch, period, consumed, allocated, used_pct, status,
                               observed_at
                          FROM quota_usage WHERE quota_id = ANY($1) ORDER BY quota_id, period DESC""")
                .execute(Tuple.of(quotaIds.toArray(String[]::new)))
                .map(UsageRepository::all);
    }

    private static List<QuotaUsageEvent> all(Iterable<Row> rows) {
        List<QuotaUsageEvent> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new QuotaUsageEvent(
                    r.getString(0),
                    r.getLong(1),
                    r.getString(2),
                    r.getBigDecimal(3),
                    r.getBigDecimal(4),
                    r.getBigDecimal(5),
                    QuotaUsageEvent.Status.valueOf(r.getString(6)),
                    r.getOffsetDateTime(7).toInstant()));
        }
        return out;
    }
}
