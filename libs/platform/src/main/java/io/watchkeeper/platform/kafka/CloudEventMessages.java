package io.watchkeeper.platform.kafka;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/** CloudEvents in Kafka binary mode as SmallRye Reactive Messaging messages. */
public final class CloudEventMessages {

    private static final CloudEventCodec CODEC = CloudEventCodec.instance();

    private CloudEventMessages() {
    }

    /** A message carrying {@code event} with {@code ce_*} headers, keyed by {@code key}. */
    public static Message<byte[]> toMessage(String key, CloudEvent<?> event) {
        return Message.of(CODEC.value(event)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(CODEC.headers(event)).build());
    }

    /**
     * The event in a consumed record.
     *
     * @throws io.watchkeeper.contracts.cloudevents.ContractViolation when it breaks the contract; thrown
     *         from a consumer it sends the record to the dead-letter topic with the reason
     */
    public static <T> CloudEvent<T> decode(ConsumerRecord<String, byte[]> record, Class<T> dataClass) {
        return CODEC.decode(record.headers(), record.value(), dataClass);
    }

    /**
     * A consumed record as it was, for a dead-letter topic, with the reason and its origin in headers (as SmallRye's
     * own dead-letter strategy writes them) — for batch consumers, which send the bad records of a batch themselves.
     */
    public static Message<byte[]> deadLetter(ConsumerRecord<String, byte[]> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", utf8(reason.getMessage()));
        headers.add("dead-letter-cause", utf8(reason.getClass().getName()));
        headers.add("dead-letter-topic", utf8(record.topic()));
        headers.add("dead-letter-partition", utf8(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", utf8(Long.toString(record.offset())));
        return Message.of(record.value() == null ? new byte[0] : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers).build());
    }

    private static byte[] utf8(String text) {
        return (text == null ? "" : text).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
