package io.watchkeeper.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code watchkeeper_outbox_pending} and {@code watchkeeper_outbox_oldest_pending_seconds}: the events committed and
 * not yet on Kafka, counted in the database every {@code watchkeeper.metrics.refresh}. While the broker is out of
 * reach nothing is published, so the relay's own timers say nothing; this backlog grows (the PrometheusRule's
 * WatchkeeperOutboxBacklog).
 */
@ApplicationScoped
public class OutboxBacklog {

    private final Pool pool;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();

    public OutboxBacklog(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("watchkeeper_outbox_pending", pending, AtomicLong::get)
                .description("events committed and not yet published to Kafka").register(registry);
        Gauge.builder("watchkeeper_outbox_oldest_pending_seconds", oldestSeconds, AtomicLong::get)
                .description("how long the oldest unpublished event has waited").register(registry);
    }

    @Scheduled(every = "${watchkeeper.metrics.refresh}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.query("""
                        SELECT count(*), coalesce(floor(extract(epoch FROM now() - min(created_at))), 0)::bigint
                          FROM outbox_event WHERE published_at IS NULL""").execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    pending.set(row.getLong(0));
                    oldestSeconds.set(row.getLong(1));
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull(); // the database is down: the last figures stay, readiness says why
    }
}
