package io.watchkeeper.evaluator.metric;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.evaluator.EvaluatorTest;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.MalformedRecords;
import io.watchkeeper.testsupport.ReadinessWatch;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A hostile producer on {@code wk.metrics.v1}: thousands of records of every malformed kind, and a value no
 * computation survives on a watched series. Alerting must go on for everyone: every bad record dead-lettered once
 * with its origin, the next valid metric firing within seconds, readiness UP throughout, and the group's lag and the
 * engine's checkpoint past the bad records.
 */
@EvaluatorTest
class MalformedMetricsTest {

    private static final int BAD = 10_000;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    Pool pool;

    private final String app = "flood-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void ten_thousand_bad_records_and_a_huge_value_never_stop_alerting() throws Exception {
        given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .contentType(ContentType.JSON)
                .body(
                        """
                {"name":"cost %s","type":"threshold","severity":"critical","cooldownMinutes":0,
                 "matchers":[{"label":"app","op":"=","value":"%s"}],
                 "condition":{"metric":"usage_cost","aggregation":"sum","window":"10m","operator":">","threshold":100}}"""
                                .formatted(app, app))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(201);
        ConsumerTask<String, byte[]> alerts = kafka.consume(String.class, byte[].class)
                .fromTopics(Topics.ALERTS, records -> records.select()
                        .where(r -> new String(r.value(), StandardCharsets.UTF_8).contains(app)));
        ConsumerTask<String, byte[]> dlq = KafkaRecords.fromNow(
                kafka,
                Topics.deadLetter(Topics.METRICS),
                r -> r.key() != null && r.key().startsWith(app + "-"));
        try (ReadinessWatch readiness = ReadinessWatch.start()) {
            MetricEvent watched = cost("5");
            List<ProducerRecord<String, byte[]>> bad =
                    new ArrayList<>(MalformedRecords.mixed(Topics.METRICS, CloudEvent.of("test", watched), app, BAD));
            // the watched series itself gets a value that overflows any sum: 1e999999999
            ProducerRecord<String, byte[]> huge =
                    KafkaRecords.cloudEvent(Topics.METRICS, watched.seriesKey(), CloudEvent.of("test", watched));
            bad.add(new ProducerRecord<>(
                    Topics.METRICS,
                    null,
                    app + "-huge",
                    new String(huge.value(), StandardCharsets.UTF_8)
                            .replace("\"value\":5", "\"value\":1e999999999")
                            .getBytes(StandardCharsets.UTF_8),
                    huge.headers()));
            kafka.produce(String.class, byte[].class).fromRecords(bad).awaitCompletion(Duration.ofMinutes(2));

            Instant sent = Instant.now();
            MetricEvent over = cost("150");
            kafka.produce(String.class, byte[].class)
                    .fromRecords(KafkaRecords.cloudEvent(Topics.METRICS, over.seriesKey(), CloudEvent.of("test", over)))
                    .awaitCompletion();

            AlertEvent firing = Waits.shortly()
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> KafkaRecords.data(
                                            alerts,
                                            AlertEvent.class,
                                            a -> app.equals(a.labels().get("app")) && a.status() == AlertStatus.FIRING)
                                    .stream()
                                    .findFirst()
                                    .orElse(null),
                            a -> a != null);
            System.out.printf(
                    "fired %d ms after the valid metric, behind %d bad records%n",
                    Duration.between(sent, Instant.now()).toMillis(), bad.size());
            assertThat(firing.value()).isEqualByComparingTo("150");

            Map<String, ConsumerRecord<String, byte[]>> byKey =
                    MalformedRecords.assertEachDeadLettered(dlq, Topics.METRICS, bad.size());
            ConsumerRecord<String, byte[]> overflow = byKey.get(app + "-huge");
            assertThat(KafkaRecords.header(overflow, "dead-letter-reason")).contains("/value: number out of range");
            assertThat(KafkaRecords.header(overflow, "ce_type")).isEqualTo("io.watchkeeper.metric.v1");
            // the 900 KB records are kept whole
            assertThat(byKey.values().stream()
                            .filter(r -> r.value().length > 900 * 1024)
                            .count())
                    .isEqualTo(BAD / 250);

            KafkaRecords.awaitNoLag(kafka, "evaluator-service", Topics.METRICS, Duration.ofSeconds(30));
            awaitCheckpointAtTheEnd();
            assertThat(readiness.failures())
                    .as("readiness answers other than 200 during the flood")
                    .isEmpty();
        } finally {
            alerts.close();
            dlq.close();
        }
    }

    /** The engine's checkpoint reaches the end of every partition: a restart reads none of the bad records again. */
    private void awaitCheckpointAtTheEnd() {
        Waits.recovery().untilAsserted(() -> {
            Map<Integer, Long> checkpoint = new java.util.HashMap<>();
            pool.query("SELECT partition, next_offset FROM engine_checkpoint")
                    .execute()
                    .await()
                    .atMost(Duration.ofSeconds(5))
                    .forEach(r -> checkpoint.put(r.getInteger(0), r.getLong(1)));
            KafkaRecords.endOffsets(kafka, Topics.METRICS)
                    .forEach((tp, end) -> assertThat(checkpoint.get(tp.partition()))
                            .as("checkpoint of " + tp)
                            .isEqualTo(end));
        });
    }

    private MetricEvent cost(String value) {
        return new MetricEvent(
                "usage_cost",
                MetricKind.USAGE,
                new BigDecimal(value),
                "USD",
                Map.of("app", app, "tenant", "t1"),
                Instant.now());
    }
}
