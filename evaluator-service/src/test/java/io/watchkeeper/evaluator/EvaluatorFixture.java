package io.watchkeeper.evaluator;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import java.util.List;
import java.util.function.Predicate;

/** What the evaluator's tests do over and over: make a rule, publish a metric, read the alerts published. */
public final class EvaluatorFixture {

    private EvaluatorFixture() {}

    /** Creates a rule as an admin; its id. */
    public static String createRule(String json) {
        return given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .contentType(ContentType.JSON)
                .body(json)
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Publishes a metric event on wk.metrics.v1, keyed by its series, and waits for the broker. */
    public static void publish(KafkaCompanion kafka, MetricEvent m) {
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(Topics.METRICS, m.seriesKey(), CloudEvent.of("test", m)))
                .awaitCompletion();
    }

    /** The alert events in {@code status} that {@code which} selects, in the order published. */
    public static List<AlertEvent> alerts(
            ConsumerTask<String, byte[]> published, Predicate<AlertEvent> which, AlertStatus status) {
        return KafkaRecords.data(published, AlertEvent.class, which).stream()
                .filter(a -> a.status() == status)
                .toList();
    }
}
