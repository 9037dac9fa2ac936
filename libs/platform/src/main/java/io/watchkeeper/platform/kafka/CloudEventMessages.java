package io.watchkeeper.platform.kafka;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;

/** CloudEvents in Kafka binary mode as SmallRye Reactive Messaging messages. */
public final class CloudEventMessages {

    private static final CloudEventCodec CODEC = CloudEventCodec.instance();

    private CloudEventMessages() {}

    /** A message carrying {@code event} with {@code ce_*} headers, keyed by {@code key}. */
    public static Message<byte[]> toMessage(String key, CloudEvent<?> event) {
        return Message.of(CODEC.value(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key)
                        .withHeaders(CODEC.headers(event))
                        .build());
    }

    /**
     * The event in a consumed record.
     *
     * @throws io.watchkeeper.contracts.cloudevents.ContractViolation when it breaks the contract; thrown
     *         inside {@link ConsumerGuard#process} it sends the record to the dead-letter topic with the reason
     */
    public static <T> CloudEvent<T> decode(ConsumerRecord<String, byte[]> record, Class<T> dataClass) {
        return CODEC.decode(record.headers(), record.value(), dataClass);
    }
}
