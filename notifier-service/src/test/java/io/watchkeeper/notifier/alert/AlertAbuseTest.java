package io.watchkeeper.notifier.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.NotifierFixture;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.MalformedRecords;
import io.watchkeeper.testsupport.ReadinessWatch;
import io.watchkeeper.testsupport.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A hostile producer on {@code wk.alerts.v1}: thousands of malformed records, then a valid alert that must reach its
 * channel within seconds; and a poison alert (valid by contract, refused by the database) in the middle of a batch of
 * good ones: set aside after a few tries, the others delivered.
 */
@NotifierTest
class AlertAbuseTest {

    private static final int BAD = 3_000;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    private final String run = "abuse" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void a_flood_of_bad_alert_events_never_stops_the_good_one() {
        NotifierFixture.Bot bot = NotifierFixture.bot(wireMock, "");
        ConsumerTask<String, byte[]> dlq = KafkaRecords.fromNow(
                kafka,
                Topics.deadLetter(Topics.ALERTS),
                r -> r.key() != null && r.key().startsWith(run + "-"));
        try (ReadinessWatch readiness = ReadinessWatch.start()) {
            AlertEvent sample = NotifierFixture.alert(bot, "sample", Severity.WARNING, Map.of());
            List<ProducerRecord<String, byte[]>> bad =
                    MalformedRecords.mixed(Topics.ALERTS, CloudEvent.of("evaluator", sample), run, BAD);
            kafka.produce(String.class, byte[].class).fromRecords(bad).awaitCompletion(Duration.ofMinutes(2));
            Instant sent = Instant.now();
            AlertEvent good = NotifierFixture.alert(bot, "after the flood", Severity.CRITICAL, Map.of());
            NotifierFixture.publish(kafka, good);

            Waits.flow().pollInterval(Duration.ofMillis(50)).until(() -> bot.stub().receivedTexts().stream()
                    .anyMatch(t -> t.contains(good.title())));
            System.out.printf(
                    "delivered %d ms after the valid alert, behind %d bad records%n",
                    Duration.between(sent, Instant.now()).toMillis(), BAD);

            MalformedRecords.assertEachDeadLettered(dlq, Topics.ALERTS, BAD);
            KafkaRecords.awaitNoLag(kafka, "notifier-service", Topics.ALERTS, Duration.ofSeconds(30));
            assertThat(readiness.failures())
                    .as("readiness answers other than 200 during the flood")
                    .isEmpty();
        } finally {
            dlq.close();
        }
    }

    @Test
    void a_poison_alert_in_a_batch_is_set_aside_and_the_others_are_delivered() {
        NotifierFixture.Bot bot = NotifierFixture.bot(wireMock, "");
        String poisonKey = run + "-poison";
        ConsumerTask<String, byte[]> dlq =
                KafkaRecords.fromNow(kafka, Topics.deadLetter(Topics.ALERTS), r -> poisonKey.equals(r.key()));
        try {
            AlertEvent before = NotifierFixture.alert(bot, "before", Severity.WARNING, Map.of());
            // valid by contract, but PostgreSQL refuses NUL in text and JSON
            AlertEvent poison = NotifierFixture.alert(bot, "poison", Severity.WARNING, Map.of("note", "a\u0000b"));
            AlertEvent after = NotifierFixture.alert(bot, "after", Severity.WARNING, Map.of());
            kafka.produce(String.class, byte[].class)
                    .fromRecords(
                            KafkaRecords.cloudEvent(Topics.ALERTS, run, CloudEvent.of("evaluator", before)),
                            KafkaRecords.cloudEvent(Topics.ALERTS, poisonKey, CloudEvent.of("evaluator", poison)),
                            KafkaRecords.cloudEvent(Topics.ALERTS, run, CloudEvent.of("evaluator", after)))
                    .awaitCompletion();

            Waits.recovery().until(() -> dlq.count() == 1);
            assertThat(KafkaRecords.header(dlq.getRecords().get(0), "dead-letter-reason"))
                    .startsWith("processing failed");
            Waits.flow().until(() -> bot.stub().receivedTexts().size() == 2);
            assertThat(bot.stub().receivedTexts())
                    .anyMatch(t -> t.contains(before.title()))
                    .anyMatch(t -> t.contains(after.title()))
                    .noneMatch(t -> t.contains(poison.title()));
        } finally {
            dlq.close();
        }
    }
}
