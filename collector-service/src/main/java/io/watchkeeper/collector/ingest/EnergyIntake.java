package io.watchkeeper.collector.ingest;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.metric.MetricPublisher;
import io.watchkeeper.contracts.event.EnergyReading;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One meter reading in, from HTTP or Kafka: recorded once, and its metric published until the broker acknowledges it
 * — a retry after a failure republishes it under the same id (which the evaluator skips), a reading sent again after
 * that is not republished at all, so the evaluator never counts it twice.
 */
@ApplicationScoped
public class EnergyIntake {

    private final EnergyLedger ledger;
    private final MetricPublisher publisher;

    public EnergyIntake(EnergyLedger ledger, MetricPublisher publisher) {
        this.ledger = ledger;
        this.publisher = publisher;
    }

    public Uni<EnergyLedger.Recorded> take(EnergyReading r) {
        return ledger.record(r).call(recorded -> !recorded.toPublish() ? Uni.createFrom().voidItem()
                : publisher.publish(IngestMetrics.energy(r), "energy:" + r.readingId()).chain(() -> ledger.published(r)));
    }
}
