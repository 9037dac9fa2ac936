package io.watchkeeper.evaluator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.evaluator.EvaluatorFixture;
import io.watchkeeper.evaluator.EvaluatorTest;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Heartbeats on the real broker → absence alerts in the database and on wk.alerts.v1. */
@EvaluatorTest
class AbsenceAlertingTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private ConsumerTask<String, byte[]> alerts;
    private final String slug = "job-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void listen() {
        alerts = kafka.consume(String.class, byte[].class).fromTopics(Topics.ALERTS);
    }

    @AfterEach
    void stop() {
        alerts.close();
    }

    @Test
    void silence_fires_once_and_the_next_heartbeat_resolves_once() {
        String ruleId = createRule(slug, "2s");
        heartbeat(slug, Instant.now());

        Waits.flow().until(() -> events(AlertStatus.FIRING).size() == 1);
        AlertEvent firing = events(AlertStatus.FIRING).get(0);
        assertThat(firing.ruleId()).isEqualTo(ruleId);
        assertThat(firing.type()).isEqualTo("absence");
        assertThat(firing.title()).contains("slug=" + slug);
        assertThat(firing.labels())
                .containsEntry("slug", slug)
                .containsEntry("alertname", "absence " + slug)
                .containsEntry("team", "ops");
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("ruleId", ruleId)
                .queryParam("status", "firing")
                .when()
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1))
                .body(
                        "items[0].id",
                        org.hamcrest.Matchers.equalTo(firing.alertId().toString()));

        heartbeat(slug, Instant.now());

        Waits.flow().until(() -> events(AlertStatus.RESOLVED).size() == 1);
        AlertEvent resolved = events(AlertStatus.RESOLVED).get(0);
        assertThat(resolved.alertId()).isEqualTo(firing.alertId());
        assertThat(resolved.fingerprint()).isEqualTo(firing.fingerprint());
        assertThat(resolved.endsAt()).isNotNull();
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/alerts/" + firing.alertId())
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("resolved"));

        // silence again: a new alert with the same fingerprint, and still exactly one of each before it
        Waits.flow().until(() -> events(AlertStatus.FIRING).size() == 2);
        assertThat(events(AlertStatus.FIRING).get(1).fingerprint()).isEqualTo(firing.fingerprint());
        assertThat(events(AlertStatus.FIRING).get(1).alertId()).isNotEqualTo(firing.alertId());
        assertThat(events(AlertStatus.RESOLVED)).hasSize(1);
    }

    @Test
    void a_redelivered_heartbeat_resolves_once() {
        createRule(slug, "4s");
        heartbeat(slug, Instant.now());
        Waits.flow().until(() -> events(AlertStatus.FIRING).size() == 1);

        // the same event twice (same ce_id, same key, so in order on one partition), as after a redelivery
        CloudEvent<MetricEvent> beat = CloudEvent.of("test", metric(slug, Instant.now()));
        kafka.produce(String.class, byte[].class)
                .fromRecords(
                        KafkaRecords.cloudEvent(Topics.METRICS, beat.data().seriesKey(), beat),
                        KafkaRecords.cloudEvent(Topics.METRICS, beat.data().seriesKey(), beat))
                .awaitCompletion();

        Waits.flow().until(() -> events(AlertStatus.RESOLVED).size() == 1);
        Waits.quiet().until(() -> events(AlertStatus.RESOLVED).size() == 1);
        assertThat(events(AlertStatus.FIRING)).hasSize(1);
    }

    @Test
    void a_malformed_metric_goes_to_the_dead_letter_topic_and_consumption_goes_on() {
        ConsumerTask<String, byte[]> dlq = KafkaRecords.fromNow(kafka, Topics.deadLetter(Topics.METRICS), r -> true);
        try {
            String key = "broken-" + slug;
            RecordHeaders headers = new RecordHeaders();
            headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            headers.add("ce_id", key.getBytes(StandardCharsets.UTF_8));
            headers.add("ce_source", "test".getBytes(StandardCharsets.UTF_8));
            headers.add("ce_type", "io.watchkeeper.metric.v1".getBytes(StandardCharsets.UTF_8));
            kafka.produce(String.class, byte[].class)
                    .fromRecords(new ProducerRecord<>(
                            Topics.METRICS, null, key, "not json".getBytes(StandardCharsets.UTF_8), headers))
                    .awaitCompletion();
            createRule(slug, "1s");
            heartbeat(slug, Instant.now());

            Waits.flow().until(() -> dlq.getRecords().stream().anyMatch(r -> key.equals(r.key())));
            ConsumerRecord<String, byte[]> dead = dlq.getRecords().stream()
                    .filter(r -> key.equals(r.key()))
                    .findFirst()
                    .orElseThrow();
            assertThat(KafkaRecords.header(dead, "dead-letter-reason")).startsWith("value is not JSON");
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not json");

            Waits.flow().until(() -> events(AlertStatus.FIRING).size() == 1);
        } finally {
            dlq.close();
        }
    }

    private List<AlertEvent> events(AlertStatus status) {
        return data(slug).stream().filter(a -> a.status() == status).toList();
    }

    private List<AlertEvent> data(String forSlug) {
        return KafkaRecords.data(
                alerts, AlertEvent.class, a -> forSlug.equals(a.labels().get("slug")));
    }

    private void heartbeat(String forSlug, Instant at) {
        EvaluatorFixture.publish(kafka, metric(forSlug, at));
    }

    private static MetricEvent metric(String forSlug, Instant at) {
        return new MetricEvent("heartbeat", MetricKind.HEARTBEAT, BigDecimal.ONE, null, Map.of("slug", forSlug), at);
    }

    private static String createRule(String forSlug, String grace) {
        return EvaluatorFixture.createRule(
                "{\"name\":\"absence " + forSlug + "\",\"type\":\"absence\",\"cooldownMinutes\":0,"
                        + "\"matchers\":[{\"label\":\"slug\",\"op\":\"=\",\"value\":\"" + forSlug + "\"}],"
                        + "\"condition\":{\"metric\":\"heartbeat\",\"grace\":\"" + grace + "\"},"
                        + "\"labels\":{\"team\":\"ops\"}}");
    }
}
