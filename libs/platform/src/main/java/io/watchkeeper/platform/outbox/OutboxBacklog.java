package io.watchkeeper.platform.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.platform.metrics.QueriedGauge;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code watchkeeper_outbox_pending} and {@code watchkeeper_outbox_oldest_pending_seconds}: the events committed and
 * not yet on Kafka, counted in the database every {@code watchkeeper.metrics.refresh}. While the broker is out of
 * reach nothing is published, so the relay's own timers say nothing; this backlog grows (the PrometheusRule's
 * WatchkeeperOutboxBacklog).
 */
@ApplicationScoped
public class OutboxBacklog {

    private static final String PENDING =
            """
            SELECT count(*), coalesce(floor(extract(epoch FROM now() - min(created_at))), 0)::bigint
              FROM outbox_event WHERE published_at IS NULL""";
    private final QueriedGauge pending;
    private final QueriedGauge oldest;

    public OutboxBacklog(Pool pool, MeterRegistry registry) {
        this.pending = new QueriedGauge(
                pool,
                registry,
                "watchkeeper_outbox_pending",
                "events committed and not yet published to Kafka",
                PENDING,
                r -> MultiGauge.Row.of(Tags.empty(), r.getLong(0)));
        this.oldest = new QueriedGauge(
                pool,
                registry,
                "watchkeeper_outbox_oldest_pending_seconds",
                "how long the oldest unpublished event has waited",
                PENDING,
                r -> MultiGauge.Row.of(Tags.empty(), r.getLong(1)));
    }

    @Scheduled(
            every = "${watchkeeper.metrics.refresh}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pending.refresh().chain(oldest::refresh);
    }
}
