package io.watchkeeper.evaluator.metric;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the consumer group has given this instance its share of {@code wk.metrics.v1} and the engine
 * has restored it: before that, metrics wait unevaluated (after a crash, until the group lets go of the old
 * member; with a stable {@code group.instance.id} at once).
 */
@Readiness
@ApplicationScoped
public class MetricPartitionsReadiness implements HealthCheck {

    private final MetricPartitions partitions;

    public MetricPartitionsReadiness(@Identifier(MetricPartitions.NAME) MetricPartitions partitions) {
        this.partitions = partitions;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("metrics partitions assigned")
                .status(partitions.assigned())
                .build();
    }
}
