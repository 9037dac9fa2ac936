package io.watchkeeper.notifier.delivery;

import static io.watchkeeper.notifier.NotifierFixture.as;
import static io.watchkeeper.notifier.NotifierFixture.receiver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.EventType;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.NotifierFixture;
import io.watchkeeper.notifier.NotifierFixture.Receiver;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.Waits;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What is older than the retention (30 days) is forgotten, and a replay of it is not sent again. */
@NotifierTest
class RetentionTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    Retention retention;

    @Inject
    Pool pool;

    @Test
    void a_finished_alert_is_forgotten_after_the_retention_and_its_replay_is_not_sent_again() {
        Receiver receiver = receiver(wireMock, 0, "");
        AlertEvent over = alert(receiver, "0", UUID.randomUUID().toString().substring(0, 16));
        AlertEvent open = alert(receiver, "1", UUID.randomUUID().toString().substring(0, 16));
        publish(over, Instant.now());
        publish(open, Instant.now());
        Waits.flow().until(() -> receiver.received().size() == 2);
        publish(NotifierFixture.as(over, AlertStatus.RESOLVED), Instant.now());
        Waits.flow().until(() -> receiver.received().size() == 3);
        String silenceId = as("admin")
                .body(
                        """
                {"matchers":[{"label":"test_route","op":"=","value":"%s-nothing"}],"endsAt":"%s","comment":"old"}"""
                                .formatted(receiver.route(), Instant.now().plusSeconds(3600)))
                .post("/api/v1/silences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        // a month and a day later (the clock cannot move: the rows are made older)
        sql(
                "UPDATE alert_state SET updated_at = now() - interval '31 days' WHERE alert_id = ANY($1)",
                new UUID[] {over.alertId(), open.alertId()});
        sql(
                "UPDATE silence SET starts_at = now() - interval '32 days', ends_at = now() - interval '31 days' WHERE id = $1",
                UUID.fromString(silenceId));
        assertThat(retention.prune().await().atMost(Duration.ofSeconds(10))).isEqualTo(1);

        as("viewer")
                .queryParam("alertId", over.alertId().toString())
                .get("/api/v1/deliveries")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        as("viewer")
                .queryParam("alertId", open.alertId().toString())
                .get("/api/v1/deliveries")
                .then()
                .statusCode(200)
                .body("total", equalTo(1)); // still firing: kept
        as("viewer").get("/api/v1/silences/" + silenceId).then().statusCode(404);

        // the forgotten alert's events replayed (a consumer group reset): stale, not sent again; a new event still is
        publish(over, Instant.now().minus(31, ChronoUnit.DAYS));
        publish(NotifierFixture.as(over, AlertStatus.RESOLVED), Instant.now().minus(31, ChronoUnit.DAYS));
        AlertEvent fresh = alert(receiver, "2", over.fingerprint()); // same key, same partition: read after the replay
        publish(fresh, Instant.now());
        Waits.flow().until(() -> receiver.received().contains("2"));
        assertThat(receiver.received()).containsExactlyInAnyOrder("0", "1", "0", "2");
        as("viewer")
                .queryParam("alertId", over.alertId().toString())
                .get("/api/v1/deliveries")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        as("admin").when().delete("/api/v1/routes/" + receiver.routeId()).then().statusCode(204);
    }

    private static AlertEvent alert(Receiver receiver, String n, String fingerprint) {
        return new AlertEvent(
                UUID.randomUUID(),
                fingerprint,
                UUID.randomUUID().toString(),
                "retention",
                "threshold",
                AlertStatus.FIRING,
                Severity.WARNING,
                "retention " + n,
                null,
                Map.of("test_route", receiver.route(), "n", n),
                Map.of(),
                null,
                null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                null,
                null,
                null);
    }

    /** The alert's event as stamped at {@code time} (an old one: as the evaluator made it a month ago). */
    private void publish(AlertEvent alert, Instant time) {
        NotifierFixture.publish(
                kafka,
                alert.fingerprint(),
                new CloudEvent<>(
                        alert.alertId() + "." + alert.status(),
                        "test",
                        EventType.ofDataClass(AlertEvent.class),
                        time.truncatedTo(ChronoUnit.MILLIS),
                        alert));
    }

    private void sql(String statement, Object parameter) {
        pool.preparedQuery(statement).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10));
    }
}
