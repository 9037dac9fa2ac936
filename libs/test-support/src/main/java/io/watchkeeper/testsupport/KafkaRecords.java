package io.watchkeeper.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/** Builds and reads CloudEvents records the way upstream producers and our consumers do. */
public final class KafkaRecords {

    private static final CloudEventCodec CODEC = CloudEventCodec.instance();

    private KafkaRecords() {
    }

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
                        return java.util.stream.Stream.of(CODEC.decode(r.headers(), r.value(), type).data());
                    } catch (io.watchkeeper.contracts.cloudevents.ContractViolation notOurs) {
                        return java.util.stream.Stream.empty();
                    }
                })
                .filter(filter)
                .toList();
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
