package io.watchkeeper.quota.usage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.platform.metrics.QueriedGauge;
import io.watchkeeper.quota.quota.QuotaViews;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code watchkeeper_quota_used_percent}: each live quota's consumption (its latest usage report) against its
 * allocation (prepaid) or per-period amount, as the API's {@code usedPct}; read from the database every
 * {@code watchkeeper.metrics.refresh} (the consumers of wk.quota-usage.v1 each see only their partitions).
 */
@ApplicationScoped
public class QuotaUsageGauge {

    private final QueriedGauge gauge;

    public QuotaUsageGauge(Pool pool, MeterRegistry registry) {
        this.gauge = new QueriedGauge(
                pool,
                registry,
                "watchkeeper_quota_used_percent",
                "how much of its allocation a quota has used, in percent (its latest usage report)",
                """
                        SELECT DISTINCT ON (u.quota_id) u.quota_id, coalesce(q.tenant, ''), q.subject_type, q.subject_id,
                               q.metric, u.consumed, CASE WHEN q.kind = 'PREPAID' THEN q.allocated ELSE q.per_period END
                          FROM quota_usage u JOIN quota q ON q.id = u.quota_id
                         WHERE q.deleted_at IS NULL
                         ORDER BY u.quota_id, u.observed_at DESC""",
                r -> MultiGauge.Row.of(
                        Tags.of(
                                "quota_id",
                                r.getString(0),
                                "tenant",
                                r.getString(1),
                                "subject_type",
                                r.getString(2),
                                "subject_id",
                                r.getString(3),
                                "metric",
                                r.getString(4)),
                        QuotaViews.percent(r.getBigDecimal(5), r.getBigDecimal(6))
                                .doubleValue()));
    }

    @Scheduled(
            every = "${watchkeeper.metrics.refresh}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return gauge.refresh();
    }
}
