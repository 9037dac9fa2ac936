package io.watchkeeper.collector.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.collector.CollectorTest;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trade monitor's {@code POST /api/events/notify} on the real broker: the event's words travel as annotations,
 * and the answer names the alert the event opened or updated (here the test plays the evaluator).
 */
@CollectorTest
class EventNotifyTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private ConsumerTask<String, byte[]> metrics;
    private final String service = "trade-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void listen() {
        metrics = kafka.consume(String.class, byte[].class).fromTopics(Topics.METRICS);
    }

    @AfterEach
    void stop() {
        metrics.close();
    }

    @Test
    void the_message_and_metadata_become_annotations_and_no_alert_means_no_alert_id() {
        JsonPath answer = notify("{\"order\":\"42\",\"attempts\":3,\"book\":{\"side\":\"buy\"}}");
        assertThat(answer.getBoolean("success")).isTrue();
        assertThat(answer.getString("alertId")).isNull(); // nothing answered within the wait: accepted all the same
        assertThat(answer.getString("message")).isEqualTo("accepted");

        MetricEvent event = Waits.flow().until(() -> published(answer.getString("eventId")), e -> e != null);
        assertThat(event.metric()).isEqualTo("notify_event");
        assertThat(event.labels())
                .containsEntry("service", service)
                .containsEntry("severity", "error")
                .doesNotContainKeys("message", "order");
        assertThat(event.annotations())
                .containsEntry("message", "margin call")
                .containsEntry("order", "42")
                .containsEntry("attempts", "3")
                .containsEntry("book", "{\"side\":\"buy\"}");
    }

    @Test
    void the_answer_names_the_alert_the_event_opened() {
        UUID alertId = UUID.randomUUID();
        // the answer channel reads from its end: until it has its partitions an answer may pass unseen, so ask again
        Waits.recovery().untilAsserted(() -> {
            int before = mine().size();
            CompletableFuture<JsonPath> answer = CompletableFuture.supplyAsync(() -> notify("{}"));
            List<MetricEvent> after = Waits.flow().until(this::mine, l -> l.size() > before);
            String eventId = after.get(after.size() - 1).annotations().get("event_id");
            kafka.produce(String.class, byte[].class)
                    .fromRecords(KafkaRecords.cloudEvent(
                            Topics.ALERTS, "fp-" + service, CloudEvent.of("evaluator-test", alert(alertId, eventId))))
                    .awaitCompletion();
            assertThat(answer.get().getString("eventId")).isEqualTo(eventId);
            assertThat(answer.get().getString("alertId")).isEqualTo(alertId.toString());
            assertThat(answer.get().getString("message")).contains(alertId.toString());
        });
    }

    @Test
    void metadata_that_does_not_fit_into_annotations_is_refused_naming_it() {
        String many =
                IntStream.range(0, 31).mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(",", "{", "}"));
        post(many)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("metadata"));
        post("{\"blob\":\"" + "x".repeat(4097) + "\"}")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("metadata.blob"));
        Waits.quiet().until(() -> mine().isEmpty());
    }

    private JsonPath notify(String metadata) {
        return post(metadata).then().statusCode(200).extract().jsonPath();
    }

    private io.restassured.response.Response post(String metadata) {
        return given().header("Authorization", TestTokens.bearer("otto", "operator"))
                .contentType(ContentType.JSON)
                .body("{\"eventType\":\"ORDER_REJECTED\",\"serviceName\":\"" + service + "\",\"severity\":\"ERROR\","
                        + "\"title\":\"order rejected\",\"message\":\"margin call\",\"metadata\":" + metadata + "}")
                .when()
                .post("/api/events/notify");
    }

    private MetricEvent published(String eventId) {
        return KafkaRecords.data(
                        metrics,
                        MetricEvent.class,
                        e -> eventId.equals(e.annotations().get("event_id")))
                .stream()
                .findFirst()
                .orElse(null);
    }

    /** This service's events, in the order published. */
    private List<MetricEvent> mine() {
        return KafkaRecords.data(
                metrics, MetricEvent.class, e -> service.equals(e.labels().get("service")));
    }

    private AlertEvent alert(UUID alertId, String eventId) {
        return new AlertEvent(
                alertId,
                "fp-" + service,
                "r-1",
                "trade events",
                "threshold",
                AlertStatus.FIRING,
                Severity.WARNING,
                "trade events",
                "value 1 >= 1",
                Map.of("service", service),
                Map.of("event_id", eventId, "message", "margin call"),
                null,
                null,
                Instant.now(),
                null,
                null,
                null);
    }
}
