package io.watchkeeper.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;

/**
 * What a hostile or broken producer writes to a topic: every kind of record that breaks the contract, built from a
 * valid event of the topic's type so each one is wrong in exactly one way. Keys are {@code <prefix>-<n>}, so a test
 * can count its records in the dead-letter topic.
 */
public final class MalformedRecords {

    private static final CloudEventCodec CODEC = CloudEventCodec.instance();
    /** A value just under the broker's 1 MiB record limit. */
    private static final int HUGE = 900 * 1024;

    /** One kind of bad record: a name and how it is made from the valid sample. */
    public record Kind(String name, Function<CloudEvent<?>, ProducerRecord<String, byte[]>> make) {}

    private MalformedRecords() {}

    /**
     * {@code count} bad records for {@code topic}, the kinds taken in turn (a 900 KB value only every 250th record:
     * they are large).
     */
    public static List<ProducerRecord<String, byte[]>> mixed(
            String topic, CloudEvent<?> valid, String keyPrefix, int count) {
        // a kind that changes nothing in this sample (no labels to make huge, say) would make a valid record
        byte[] validValue = CODEC.value(valid);
        List<Kind> kinds = kinds(topic).stream()
                .filter(k -> {
                    ProducerRecord<String, byte[]> r = k.make().apply(valid);
                    return !java.util.Arrays.equals(r.value(), validValue)
                            || !k.name()
                                    .matches(
                                            "huge numbers|tiny numbers|" + "huge label|wrong types|control characters");
                })
                .toList();
        List<Kind> small =
                kinds.stream().filter(k -> !k.name().equals("huge value")).toList();
        Kind huge = kinds.stream()
                .filter(k -> k.name().equals("huge value"))
                .findFirst()
                .orElseThrow();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Kind kind = i % 250 == 249 ? huge : small.get(i % small.size());
            ProducerRecord<String, byte[]> r = kind.make().apply(valid);
            records.add(new ProducerRecord<>(r.topic(), null, keyPrefix + "-" + i, r.value(), r.headers()));
        }
        return records;
    }

    /**
     * What a consumer must have done with {@code count} bad records of {@code topic}: waits until {@code deadLetters}
     * (read with {@link KafkaRecords#fromNow}, filtered to the test's keys) holds every one of them, each with a reason
     * and its origin. A record may be dead-lettered again when a rebalance hands its partition over before its offset
     * was committed (at least once, and the copy carries the same origin): such repeats are printed and must stay
     * under 5 %. Returns the first dead letter of each record, by key.
     */
    public static Map<String, ConsumerRecord<String, byte[]>> assertEachDeadLettered(
            ConsumerTask<String, byte[]> deadLetters, String topic, int count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> deadLetters.getRecords().stream()
                                .map(ConsumerRecord::key)
                                .distinct()
                                .count()
                        >= count);
        Map<String, ConsumerRecord<String, byte[]>> first = new HashMap<>();
        int repeats = 0;
        for (ConsumerRecord<String, byte[]> dead : deadLetters.getRecords()) {
            if (first.putIfAbsent(dead.key(), dead) != null) {
                repeats++;
            }
            Assertions.assertThat(KafkaRecords.header(dead, "dead-letter-reason"))
                    .as("reason of %s", dead.key())
                    .isNotBlank();
            Assertions.assertThat(KafkaRecords.header(dead, "dead-letter-topic"))
                    .isEqualTo(topic);
            Assertions.assertThat(KafkaRecords.header(dead, "dead-letter-offset"))
                    .matches("\\d+");
        }
        Assertions.assertThat(first.size()).as("records dead-lettered").isEqualTo(count);
        System.out.printf(
                "%s: %d bad records dead-lettered, %d of them again after a rebalance%n", topic, count, repeats);
        Assertions.assertThat(repeats).as("records dead-lettered twice").isLessThanOrEqualTo(count / 20);
        return first;
    }

    /** Every kind, for {@code topic}. */
    public static List<Kind> kinds(String topic) {
        return List.of(
                new Kind("not JSON", v -> binary(topic, v, utf8("{\"not\": json"))),
                new Kind("empty value", v -> binary(topic, v, new byte[0])),
                new Kind("JSON but not an object", v -> binary(topic, v, utf8("[1, 2, 3]"))),
                new Kind("JSON null", v -> binary(topic, v, utf8("null"))),
                new Kind(
                        "invalid UTF-8",
                        v -> binary(topic, v, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'})),
                new Kind(
                        "control characters",
                        v -> binary(topic, v, utf8(json(v).replaceFirst("\"([a-zA-Z]+)\"", "\"\u0000\u0007$1\"")))),
                new Kind("deep nesting", v -> binary(topic, v, utf8("[".repeat(5000) + "]".repeat(5000)))),
                new Kind(
                        "wrong types",
                        v -> binary(
                                topic,
                                v,
                                utf8(json(v).replaceAll(":\\s*\"[^\"]*\"", ":{\"x\":[true]}")
                                        .replaceAll(":\\s*-?\\d+(\\.\\d+)?", ":\"lots\"")))),
                new Kind("missing fields", v -> binary(topic, v, utf8("{}"))),
                new Kind(
                        "huge numbers",
                        v -> binary(
                                topic,
                                v,
                                utf8(json(v).replaceAll(":\\s*-?\\d+(\\.\\d+)?([eE]-?\\d+)?", ":1e999999999")))),
                new Kind(
                        "tiny numbers",
                        v -> binary(
                                topic,
                                v,
                                utf8(json(v).replaceAll(":\\s*-?\\d+(\\.\\d+)?([eE]-?\\d+)?", ":1e-999999999")))),
                new Kind(
                        "huge label",
                        v -> binary(
                                topic,
                                v,
                                utf8(json(v).replaceFirst(
                                                "\"labels\"\\s*:\\s*\\{",
                                                "\"labels\":{\"big\":\"" + "x".repeat(4096) + "\",")
                                        .replace(",}", "}")))),
                new Kind(
                        "no ce headers",
                        v -> new ProducerRecord<>(topic, null, "k", CODEC.value(v), new RecordHeaders())),
                new Kind("unknown ce_type", v -> withHeader(topic, v, "ce_type", "com.example.unknown.v1")),
                new Kind(
                        "another topic's ce_type",
                        v -> withHeader(
                                topic,
                                v,
                                "ce_type",
                                v.type().ceType().contains("alert")
                                        ? "io.watchkeeper.metric.v1"
                                        : "io.watchkeeper.alert.v1")),
                new Kind("wrong specversion", v -> withHeader(topic, v, "ce_specversion", "0.3")),
                new Kind("bad ce_time", v -> withHeader(topic, v, "ce_time", "yesterday")),
                new Kind("empty ce_id", v -> withHeader(topic, v, "ce_id", "")),
                new Kind(
                        "structured without data",
                        v -> new ProducerRecord<>(
                                topic,
                                null,
                                "k",
                                utf8("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\""
                                        + v.type().ceType() + "\"}"),
                                contentType("application/cloudevents+json"))),
                new Kind("huge value", v -> binary(topic, v, utf8("{\"padding\":\"" + "x".repeat(HUGE) + "\"}"))));
    }

    private static ProducerRecord<String, byte[]> binary(String topic, CloudEvent<?> valid, byte[] value) {
        return new ProducerRecord<>(topic, null, "k", value, CODEC.headers(valid));
    }

    private static ProducerRecord<String, byte[]> withHeader(
            String topic, CloudEvent<?> valid, String name, String value) {
        RecordHeaders headers = new RecordHeaders(CODEC.headers(valid).toArray());
        headers.remove(name);
        headers.add(name, utf8(value));
        return new ProducerRecord<>(topic, null, "k", CODEC.value(valid), headers);
    }

    private static RecordHeaders contentType(String type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", utf8(type));
        return headers;
    }

    private static String json(CloudEvent<?> valid) {
        return new String(CODEC.value(valid), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
