package io.watchkeeper.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.collector.CollectorTest;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.contracts.event.HeartbeatSignal;
import io.watchkeeper.contracts.event.UsageReport;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.MalformedRecords;
import io.watchkeeper.testsupport.ReadinessWatch;
import io.watchkeeper.testsupport.Waits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A hostile producer on each upstream topic: thousands of malformed records of every kind, then a valid one that
 * must be republished within seconds; every bad record dead-lettered once with its origin, the group's lag back to
 * 0, readiness UP throughout. And a poison record (valid by contract, refused by the database) set aside after a few
 * tries instead of holding the topic for ever.
 */
@CollectorTest
class IngestAbuseTest {

    private static final int BAD = 3_000;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private final String run = "abuse" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void a_flood_of_bad_usage_reports_never_stops_the_good_one() {
        floodThenValid(
                Topics.INGEST_USAGE,
                marker -> new UsageReport(
                        marker,
                        "chat",
                        10,
                        1,
                        100L,
                        new BigDecimal("0.25"),
                        "USD",
                        new BigDecimal("120"),
                        Map.of(),
                        Instant.now()));
    }

    @Test
    void a_flood_of_bad_energy_readings_never_stops_the_good_one() {
        floodThenValid(
                Topics.INGEST_ENERGY,
                marker -> new EnergyReading(
                        marker, "electricity", marker, null, new BigDecimal("12.5"), "kWh", Map.of(), Instant.now()));
    }

    @Test
    void a_flood_of_bad_heartbeats_never_stops_the_good_one() {
        floodThenValid(
                Topics.INGEST_HEARTBEAT,
                marker -> new HeartbeatSignal(
                        marker, HeartbeatSignal.Signal.EXIT, 3, "acme", Map.of("job", marker), Instant.now()));
    }

    @Test
    void a_reading_the_database_refuses_is_set_aside_after_a_few_tries_and_the_next_goes_through() {
        String marker = run + "-nul";
        ConsumerTask<String, byte[]> dlq =
                KafkaRecords.fromNow(kafka, Topics.deadLetter(Topics.INGEST_ENERGY), r -> marker.equals(r.key()));
        ConsumerTask<String, byte[]> metrics = KafkaRecords.fromNow(
                kafka, Topics.METRICS, r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker));
        try {
            // valid by contract (a string of at most 256 characters), but PostgreSQL refuses NUL in text
            EnergyReading poison = new EnergyReading(
                    "r\u0000" + marker, "electricity", marker, null, BigDecimal.ONE, "kWh", Map.of(), Instant.now());
            EnergyReading next = new EnergyReading(
                    marker + "-next", "electricity", marker, null, BigDecimal.TEN, "kWh", Map.of(), Instant.now());
            kafka.produce(String.class, byte[].class)
                    .fromRecords(
                            KafkaRecords.cloudEvent(Topics.INGEST_ENERGY, marker, CloudEvent.of("meter", poison)),
                            KafkaRecords.cloudEvent(Topics.INGEST_ENERGY, marker, CloudEvent.of("meter", next)))
                    .awaitCompletion();

            Waits.flow().until(() -> dlq.count() == 1);
            ConsumerRecord<String, byte[]> dead = dlq.getRecords().get(0);
            assertThat(KafkaRecords.header(dead, "dead-letter-reason"))
                    .startsWith("processing failed")
                    .contains("22021");
            assertThat(KafkaRecords.header(dead, "dead-letter-topic")).isEqualTo(Topics.INGEST_ENERGY);
            Waits.flow().until(() -> metrics.count() == 1);
            assertThat(new String(metrics.getRecords().get(0).value(), StandardCharsets.UTF_8))
                    .contains("10");
            KafkaRecords.awaitNoLag(kafka, "collector-service", Topics.INGEST_ENERGY, Duration.ofSeconds(20));
        } finally {
            dlq.close();
            metrics.close();
        }
    }

    private void floodThenValid(String topic, Function<String, Object> valid) {
        String marker = run + "-ok";
        ConsumerTask<String, byte[]> dlq = KafkaRecords.fromNow(
                kafka, Topics.deadLetter(topic), r -> r.key() != null && r.key().startsWith(run + "-"));
        ConsumerTask<String, byte[]> metrics = KafkaRecords.fromNow(
                kafka, Topics.METRICS, r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker));
        try (ReadinessWatch readiness = ReadinessWatch.start()) {
            List<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>> bad =
                    MalformedRecords.mixed(topic, CloudEvent.of("upstream", valid.apply("sample")), run, BAD);
            kafka.produce(String.class, byte[].class).fromRecords(bad).awaitCompletion(Duration.ofMinutes(2));
            Instant sent = Instant.now();
            kafka.produce(String.class, byte[].class)
                    .fromRecords(KafkaRecords.cloudEvent(topic, marker, CloudEvent.of("upstream", valid.apply(marker))))
                    .awaitCompletion();

            Waits.flow().pollInterval(Duration.ofMillis(50)).until(() -> metrics.count() > 0);
            System.out.printf(
                    "%s: republished %d ms after the valid record, behind %d bad ones%n",
                    topic, Duration.between(sent, Instant.now()).toMillis(), BAD);

            MalformedRecords.assertEachDeadLettered(dlq, topic, BAD);
            KafkaRecords.awaitNoLag(kafka, "collector-service", topic, Duration.ofSeconds(30));
            assertThat(readiness.failures())
                    .as("readiness answers other than 200 during the flood")
                    .isEmpty();
        } finally {
            dlq.close();
            metrics.close();
        }
    }
}
