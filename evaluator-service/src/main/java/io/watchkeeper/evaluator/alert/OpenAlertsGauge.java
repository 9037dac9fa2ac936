package io.watchkeeper.evaluator.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code watchkeeper_evaluator_alerts_open}: the open (firing or acknowledged) alerts by tenant, type, severity and
 * status, counted in the database every {@code watchkeeper.metrics.refresh}. Every instance reports the whole count
 * (the alerts are shared), so dashboards take the max over instances.
 */
@ApplicationScoped
public class OpenAlertsGauge {

    private final Pool pool;
    private final MultiGauge gauge;

    public OpenAlertsGauge(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.gauge = MultiGauge.builder("watchkeeper_evaluator_alerts_open")
                .description("open alerts (firing or acknowledged) by tenant, type, severity and status").register(registry);
    }

    @Scheduled(every = "${watchkeeper.metrics.refresh}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.query("""
                        SELECT coalesce(labels->>'tenant', ''), type, severity, status, count(*) FROM alert
                         WHERE status IN ('firing', 'acknowledged') GROUP BY 1, 2, 3, 4""").execute()
                .invoke(rows -> {
                    List<MultiGauge.Row<?>> counts = new ArrayList<>();
                    rows.forEach(r -> counts.add(MultiGauge.Row.of(Tags.of("tenant", r.getString(0), "type", r.getString(1),
                            "severity", r.getString(2), "status", r.getString(3)), r.getLong(4))));
                    gauge.register(counts, true);
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull(); // the database is down: the last counts stay, readiness says why
    }
}
