package io.watchkeeper.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;

/** Builds and reads CloudEvents records the way upstream producers and our consumers do. */
public final class KafkaRecords {

    private static final CloudEventCodec CODEC = CloudEventCodec.instance();

    private KafkaRecords() {}

    /** A binary-mode CloudEvents record. */
    public static ProducerRecord<String, byte[]> cloudEvent(String topic, String key, CloudEvent<?> event) {
        return new ProducerRecord<>(topic, null, key, CODEC.value(event), CODEC.headers(event));
    }

    /**
     * The decoded data of every record a consumer task has seen that matches. Records that break the
     * contract are skipped: topics are shared by every test of a run, and some tests put bad records there.
     */
    public static <T> List<T> data(ConsumerTask<String, byte[]> task, Class<T> type, Predicate<T> filter) {
        return task.getRecords().stream()
                .flatMap(r -> {
                    try {
                        return java.util.stream.Stream.of(
                                CODEC.decode(r.headers(), r.value(), type).data());
                    } catch (io.watchkeeper.contracts.cloudevents.ContractViolation notOurs) {
                        return java.util.stream.Stream.empty();
                    }
                })
                .filter(filter)
                .toList();
    }

    /**
     * The records of {@code topic} from now on that {@code keep} selects (created if it does not exist yet): what a
     * test produces, without reading what earlier tests of the run left there, and without keeping the rest.
     */
    public static ConsumerTask<String, byte[]> fromNow(
            KafkaCompanion kafka, String topic, Predicate<ConsumerRecord<String, byte[]>> keep) {
        return kafka.consume(String.class, byte[].class)
                .fromOffsets(
                        endOffsets(kafka, topic), records -> records.select().where(keep));
    }

    /**
     * Waits until {@code group} has committed the end of every partition of {@code topic}: it read everything there,
     * the records it set aside included, and a restart would read none of it again.
     */
    public static void awaitNoLag(KafkaCompanion kafka, String group, String topic, java.time.Duration atMost) {
        Admin admin = kafka.getOrCreateAdminClient();
        org.awaitility.Awaitility.await().atMost(atMost).untilAsserted(() -> {
            var committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            endOffsets(kafka, topic).forEach((tp, end) -> {
                var offset = committed.get(tp);
                org.assertj.core.api.Assertions.assertThat(offset == null ? 0 : offset.offset())
                        .as("offset %s committed on %s", group, tp)
                        .isEqualTo(end);
            });
        });
    }

    /** The offset after the last record of each partition of {@code topic}, now (created if it does not exist yet). */
    public static Map<TopicPartition, Long> endOffsets(KafkaCompanion kafka, String topic) {
        try {
            Admin admin = kafka.getOrCreateAdminClient();
            if (!admin.listTopics().names().get().contains(topic)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                            .all()
                            .get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e.getCause());
        }
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
