package io.watchkeeper.collector.ingest;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.CollectorConfig;
import io.watchkeeper.collector.metric.MetricPublisher;
import io.watchkeeper.contracts.event.EnergyReading;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * One meter reading in, from HTTP or Kafka: recorded once, and its metric published until the broker acknowledges it
 * — a retry after a failure republishes it under the same id (which the evaluator skips), a reading sent again after
 * that is not republished at all, so the evaluator never counts it twice. A reading older than the retention is
 * refused: it may have been counted and forgotten already.
 */
@ApplicationScoped
public class EnergyIntake {

    private final EnergyLedger ledger;
    private final MetricPublisher publisher;
    private final Duration retention;

    public EnergyIntake(EnergyLedger ledger, MetricPublisher publisher, CollectorConfig config) {
        this.ledger = ledger;
        this.publisher = publisher;
        this.retention = config.retention().energyReadings();
    }

    /** Why the reading cannot be taken, or null: read before the retention, it may have been forgotten already. */
    public String stale(EnergyReading r) {
        return r.readAt().isBefore(Instant.now().minus(retention))
                ? "is older than the energy readings' retention (" + retention + "): it may have been counted already"
                : null;
    }

    public Uni<EnergyLedger.Recorded> take(EnergyReading r) {
        return ledger.record(r)
                .call(recorded -> !recorded.toPublish()
                        ? Uni.createFrom().voidItem()
                        : publisher
                                .publish(IngestMetrics.energy(r), "energy:" + r.readingId())
                                .chain(() -> ledger.published(r)));
    }
}
