package io.watchkeeper.evaluator.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.platform.metrics.QueriedGauge;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code watchkeeper_evaluator_alerts_open}: the open (firing or acknowledged) alerts by tenant, type, severity and
 * status, counted in the database every {@code watchkeeper.metrics.refresh}.
 */
@ApplicationScoped
public class OpenAlertsGauge {

    private final QueriedGauge gauge;

    public OpenAlertsGauge(Pool pool, MeterRegistry registry) {
        this.gauge = new QueriedGauge(
                pool,
                registry,
                "watchkeeper_evaluator_alerts_open",
                "open alerts (firing or acknowledged) by tenant, type, severity and status",
                """
                        SELECT coalesce(labels->>'tenant', ''), type, severity, status, count(*) FROM alert
                         WHERE status IN ('firing', 'acknowledged') GROUP BY 1, 2, 3, 4""",
                r -> MultiGauge.Row.of(
                        Tags.of(
                                "tenant",
                                r.getString(0),
                                "type",
                                r.getString(1),
                                "severity",
                                r.getString(2),
                                "status",
                                r.getString(3)),
                        r.getLong(4)));
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
