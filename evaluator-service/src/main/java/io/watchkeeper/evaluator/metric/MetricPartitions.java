package io.watchkeeper.evaluator.metric;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.watchkeeper.evaluator.engine.Engine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Hands partitions of {@code wk.metrics.v1} to the engine as the consumer group assigns them: the engine
 * restores their checkpoint and the consumer resumes from the checkpoint's offset, so the state and the
 * events it has seen always match (a partition new to the engine starts at the group's position). Runs on the
 * consumer's polling thread, which may wait.
 */
@ApplicationScoped
@Identifier(MetricPartitions.NAME)
public class MetricPartitions implements KafkaConsumerRebalanceListener {

    public static final String NAME = "metric-partitions";
    private static final Duration WAIT = Duration.ofMinutes(2);

    private final Engine engine;
    /** Whether this member has joined the group and taken up its share (none is a share too); for readiness. */
    private volatile boolean assigned;

    public MetricPartitions(Engine engine) {
        this.engine = engine;
    }

    /** True once the group gave this member its partitions (Kafka reports every assignment, an empty one too). */
    public boolean assigned() {
        return assigned;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            assigned = true;
            return;
        }
        Map<Integer, Long> positions = new HashMap<>();
        partitions.forEach(tp -> positions.put(tp.partition(), consumer.position(tp)));
        Map<Integer, Long> resume = engine.assigned(positions).await().atMost(WAIT);
        partitions.forEach(tp -> consumer.seek(tp, resume.get(tp.partition())));
        assigned = true;
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            engine.revoked(ids(partitions)).await().atMost(WAIT);
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    private static List<Integer> ids(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).toList();
    }
}
