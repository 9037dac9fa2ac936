package io.watchkeeper.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Partitions {@code wk.metrics.v1} by a series key's labels, leaving out the metric name: every metric of
 * one label set (the calls and the errors of one tenant's app) lands on one partition, so the evaluator
 * instance that owns it sees both sides of a ratio. Same hash as Kafka's default partitioner (murmur2),
 * applied to the part of the key after {@code metric{}. Every producer of the topic must use it.
 */
public class SeriesPartitioner implements Partitioner {

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        return partition(
                key == null ? "" : key.toString(),
                cluster.partitionsForTopic(topic).size());
    }

    /** The partition of a series key such as {@code usage_calls{app="chat",tenant="acme"}}. */
    public static int partition(String seriesKey, int partitions) {
        String labels = seriesKey.substring(seriesKey.indexOf('{') + 1);
        return Utils.toPositive(Utils.murmur2(labels.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public void close() {}
}
