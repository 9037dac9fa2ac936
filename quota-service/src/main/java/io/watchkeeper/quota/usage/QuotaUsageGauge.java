package io.watchkeeper.quota.usage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.quota.quota.QuotaViews;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code watchkeeper_quota_used_percent}: each live quota's consumption (its latest usage report) against its
 * allocation (prepaid) or per-period amount, as the API's {@code usedPct}; read from the database every
 * {@code watchkeeper.metrics.refresh}. Every instance reports every quota (consumers of
 * wk.quota-usage.v1 each see only their partitions, the database sees all), so dashboards take the max over instances.
 */
@ApplicationScoped
public class QuotaUsageGauge {

    private final Pool pool;
    private final MultiGauge gauge;

    public QuotaUsageGauge(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.gauge = MultiGauge.builder("watchkeeper_quota_used_percent")
                .description("how much of its allocation a quota has used, in percent (its latest usage report)")
                .register(registry);
    }

    @Scheduled(every = "${watchkeeper.metrics.refresh}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.query("""
                        SELECT DISTINCT ON (u.quota_id) u.quota_id, coalesce(q.tenant, ''), q.subject_type, q.subject_id,
                               q.metric, u.consumed, CASE WHEN q.kind = 'PREPAID' THEN q.allocated ELSE q.per_period END
                          FROM quota_usage u JOIN quota q ON q.id = u.quota_id
                         WHERE q.deleted_at IS NULL
                         ORDER BY u.quota_id, u.observed_at DESC""").execute()
                .invoke(rows -> {
                    List<MultiGauge.Row<?>> usage = new ArrayList<>();
                    rows.forEach(r -> usage.add(MultiGauge.Row.of(Tags.of("quota_id", r.getString(0), "tenant", r.getString(1),
                            "subject_type", r.getString(2), "subject_id", r.getString(3), "metric", r.getString(4)),
                            QuotaViews.percent(r.getBigDecimal(5), r.getBigDecimal(6)).doubleValue())));
                    gauge.register(usage, true);
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull(); // the database is down: the last figures stay, readiness says why
    }
}
