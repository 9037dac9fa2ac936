package io.watchkeeper.collector.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.collector.CollectorTest;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.contracts.event.HeartbeatSignal;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Intake over HTTP and from upstream producers' topics, on the real broker and database. */
@CollectorTest
class IngestTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private ConsumerTask<String, byte[]> metrics;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void listen() {
        metrics = kafka.consume(String.class, byte[].class).fromTopics(Topics.METRICS);
    }

    @AfterEach
    void stop() {
        metrics.close();
    }

    @Test
    void a_usage_batch_becomes_usage_metrics() {
        as("operator")
                .body("[" + usage("chat", 120, 3) + "," + usage("search", 10, 0) + "]")
                .when()
                .post("/api/v1/ingest/usage")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(2));

        Waits.flow()
                .until(() -> metrics(m -> run.equals(m.labels().get("tenant"))).size() == 10);
        MetricEvent calls = metrics(m -> run.equals(m.labels().get("tenant"))
                        && m.metric().equals("usage_calls")
                        && "chat".equals(m.labels().get("app")))
                .get(0);
        assertThat(calls.value()).isEqualByComparingTo("120");
        MetricEvent cost = metrics(m -> run.equals(m.labels().get("tenant"))
                        && m.metric().equals("usage_cost")
                        && "chat".equals(m.labels().get("app")))
                .get(0);
        assertThat(cost.value()).isEqualByComparingTo("0.4213");
        assertThat(cost.unit()).isEqualTo("USD");
    }

    @Test
    void a_batch_with_one_bad_item_is_refused_whole_naming_it() {
        as("operator")
                .body("[" + usage("chat", 1, 0) + "," + usage("chat", 1, 0).replace("\"calls\":1", "\"calls\":\"many\"")
                        + "]")
                .when()
                .post("/api/v1/ingest/usage")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("[1].calls"));
        as("operator")
                .body("[" + usage("chat", 1, 0).replace(",\"app\":\"chat\"", "") + "]")
                .when()
                .post("/api/v1/ingest/usage")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("[0].app"));
        as("operator")
                .body("{\"not\":\"an array\"}")
                .when()
                .post("/api/v1/ingest/usage")
                .then()
                .statusCode(400);
        String six = String.join(",", java.util.Collections.nCopies(6, usage("chat", 1, 0)));
        as("operator")
                .body("[" + six + "]")
                .when()
                .post("/api/v1/ingest/usage")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        as("viewer").body("[]").when().post("/api/v1/ingest/usage").then().statusCode(403);

        // nothing of a refused batch is published: a good batch sent after them arrives alone
        as("operator")
                .body("[" + usage("after-refusals", 1, 0) + "]")
                .when()
                .post("/api/v1/ingest/usage")
                .then()
                .statusCode(202);
        Waits.flow()
                .until(() -> !metrics(m -> run.equals(m.labels().get("tenant"))).isEmpty());
        Waits.quiet().until(() -> metrics(m -> run.equals(m.labels().get("tenant"))).stream()
                .allMatch(m -> "after-refusals".equals(m.labels().get("app"))));
    }

    @Test
    void energy_readings_count_once_however_often_they_are_sent() {
        String device = "meter-" + run;
        String batch = "[" + energy("r1-" + run, device, "12.5") + "," + energy("r2-" + run, device, "7.25") + "]";
        as("operator")
                .body(batch)
                .when()
                .post("/api/v1/ingest/energy")
                .then()
                .statusCode(202)
                .body("new", equalTo(2))
                .body("duplicates", equalTo(0));
        as("operator")
                .body(batch)
                .when()
                .post("/api/v1/ingest/energy")
                .then()
                .statusCode(202)
                .body("new", equalTo(0))
                .body("duplicates", equalTo(2));
        // and once more through the upstream topic
        EnergyReading again = new EnergyReading(
                "r1-" + run,
                "electricity",
                device,
                "building-a",
                new BigDecimal("12.5"),
                "kWh",
                Map.of(),
                Instant.parse("2026-11-20T10:00:00Z"));
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(Topics.INGEST_ENERGY, device, CloudEvent.of("test", again)))
                .awaitCompletion();

        // one metric per reading: a reading sent again after its metric was acknowledged is not republished, so the
        // evaluator cannot count a re-sent batch twice
        Waits.flow()
                .until(() ->
                        metrics(m -> device.equals(m.labels().get("device"))).size() >= 2);
        Waits.quiet()
                .until(() ->
                        metrics(m -> device.equals(m.labels().get("device"))).size() == 2);
        as("viewer")
                .queryParam("from", "2026-11-20")
                .queryParam("to", "2026-11-20")
                .queryParam("deviceId", device)
                .when()
                .get("/api/v1/energy/daily")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].total", equalTo(19.75f))
                .body("items[0].readings", equalTo(2))
                .body("items[0].deviceGroup", equalTo("building-a"));
    }

    @Test
    void upstream_topics_are_republished_and_bad_records_go_to_their_dead_letter_topics() {
        ConsumerTask<String, byte[]> dlq =
                KafkaRecords.fromNow(kafka, Topics.deadLetter(Topics.INGEST_HEARTBEAT), r -> true);
        try {
            // a structured-mode usage report, a binary-mode heartbeat, and a heartbeat that breaks the contract
            String structured = "{\"specversion\":\"1.0\",\"id\":\"u-" + run
                    + "\",\"source\":\"sdk\",\"type\":\"io.watchkeeper.usage.v1\"," + "\"data\":"
                    + usage("kafka-app", 5, 1) + "}";
            RecordHeaders structuredHeaders = new RecordHeaders();
            structuredHeaders.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            HeartbeatSignal beat =
                    new HeartbeatSignal("ticker-" + run, HeartbeatSignal.Signal.EXIT, 2, run, Map.of(), Instant.now());
            CloudEvent<HeartbeatSignal> beatEvent = CloudEvent.of("test", beat);
            ProducerRecord<String, byte[]> valid =
                    KafkaRecords.cloudEvent(Topics.INGEST_HEARTBEAT, "b-" + run, beatEvent);
            byte[] badSlug = new String(valid.value(), StandardCharsets.UTF_8)
                    .replace("ticker-", "Ticker !")
                    .getBytes(StandardCharsets.UTF_8);
            kafka.produce(String.class, byte[].class)
                    .fromRecords(
                            new ProducerRecord<>(
                                    Topics.INGEST_USAGE,
                                    null,
                                    "u-" + run,
                                    structured.getBytes(StandardCharsets.UTF_8),
                                    structuredHeaders),
                            new ProducerRecord<>(Topics.INGEST_HEARTBEAT, null, "bad-" + run, badSlug, valid.headers()),
                            valid)
                    .awaitCompletion();

            // the usage report and the heartbeat travel on different topics: wait for both
            Waits.flow().until(() -> metrics(m -> run.equals(m.labels().get("tenant"))).stream()
                    .map(MetricEvent::metric)
                    .collect(java.util.stream.Collectors.toSet())
                    .containsAll(List.of("heartbeat_fail", "usage_calls", "usage_errors")));
            assertThat(metrics(m ->
                            run.equals(m.labels().get("tenant")) && m.metric().equals("heartbeat_fail")))
                    .singleElement()
                    .satisfies(m -> {
                        assertThat(m.value()).isEqualByComparingTo("2");
                        assertThat(m.labels()).containsEntry("slug", "ticker-" + run);
                    });
            assertThat(metrics(m -> run.equals(m.labels().get("tenant"))))
                    .extracting(MetricEvent::metric)
                    .contains("usage_calls", "usage_errors");

            // a heartbeat from Kafka is listed like a pinged check, under the "kafka" placeholder key
            Waits.flow().untilAsserted(() -> as("viewer")
                    .when()
                    .get("/api/v1/heartbeats?size=500")
                    .then()
                    .statusCode(200)
                    .body("items.find { it.slug == 'ticker-" + run + "' }.pingKeyName", equalTo("kafka"))
                    .body("items.find { it.slug == 'ticker-" + run + "' }.lastSignal", equalTo("fail"))
                    .body("items.find { it.slug == 'ticker-" + run + "' }.lastExitCode", equalTo(2)));
            as("viewer")
                    .when()
                    .get("/api/v1/ping-keys")
                    .then()
                    .statusCode(200)
                    .body("items.name", org.hamcrest.Matchers.not(hasItem("kafka")));

            Waits.flow().until(() -> dlq.getRecords().stream().anyMatch(r -> ("bad-" + run).equals(r.key())));
            assertThat(KafkaRecords.header(
                            dlq.getRecords().stream()
                                    .filter(r -> ("bad-" + run).equals(r.key()))
                                    .findFirst()
                                    .orElseThrow(),
                            "dead-letter-reason"))
                    .contains("check");
        } finally {
            dlq.close();
        }
    }

    @Test
    void the_trade_monitor_and_alertmanager_formats_are_accepted() {
        String eventId = as("operator")
                .body(
                        "{\"eventType\":\"ORDER_REJECTED\",\"serviceName\":\"trade-" + run
                                + "\",\"severity\":\"ERROR\",\"title\":\"order rejected\",\"message\":\"margin\",\"metadata\":{\"order\":42}}")
                .when()
                .post("/api/events/notify")
                .then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("message", equalTo("accepted"))
                .extract()
                .path("eventId");
        assertThat(eventId).isNotBlank();
        as("operator")
                .body("{\"serviceName\":\"x\"}")
                .when()
                .post("/api/events/notify")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("eventType"));

        as("operator")
                .body(
                        "[{\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"db-" + run + "\"},"
                                + "\"annotations\":{\"summary\":\"disk 95%\"},\"startsAt\":\"2026-11-22T08:00:00Z\",\"generatorURL\":\"\"}]")
                .when()
                .post("/api/v2/alerts")
                .then()
                .statusCode(200);

        // more labels than a metric may carry: the caller's mistake (400 naming the field), not an outage to retry
        String tooMany = java.util.stream.IntStream.range(0, 65)
                .mapToObj(i -> "\"l" + i + "\":\"v\"")
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        as("operator")
                .body("[{\"labels\":" + tooMany + "}]")
                .when()
                .post("/api/v2/alerts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("[0].labels"));

        Waits.flow()
                .until(() -> !metrics(m -> ("trade-" + run).equals(m.labels().get("service")))
                                .isEmpty()
                        && !metrics(m -> ("db-" + run).equals(m.labels().get("instance")))
                                .isEmpty());
        assertThat(metrics(m -> ("trade-" + run).equals(m.labels().get("service")))
                        .get(0)
                        .labels())
                .containsEntry("event_type", "ORDER_REJECTED")
                .containsEntry("severity", "error");
        assertThat(metrics(m -> ("db-" + run).equals(m.labels().get("instance")))
                        .get(0))
                .satisfies(m -> {
                    assertThat(m.metric()).isEqualTo("external_alert");
                    assertThat(m.value()).isEqualByComparingTo("1");
                });
    }

    private List<MetricEvent> metrics(Predicate<MetricEvent> filter) {
        return KafkaRecords.data(metrics, MetricEvent.class, filter);
    }

    private String usage(String app, int calls, int errors) {
        return "{\"tenant\":\"" + run + "\",\"app\":\"" + app + "\",\"calls\":" + calls + ",\"errors\":" + errors
                + ",\"tokens\":45000,\"cost\":0.4213,\"currency\":\"USD\",\"latencyMs\":812.5,\"observedAt\":\""
                + Instant.now() + "\"}";
    }

    private static String energy(String id, String device, String value) {
        return "{\"readingId\":\"" + id + "\",\"energyType\":\"electricity\",\"deviceId\":\"" + device
                + "\",\"deviceGroup\":\"building-a\",\"value\":" + value
                + ",\"unit\":\"kWh\",\"readAt\":\"2026-11-20T10:00:00Z\"}";
    }

    private static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role + "-user", role))
                .contentType(ContentType.JSON);
    }
}
