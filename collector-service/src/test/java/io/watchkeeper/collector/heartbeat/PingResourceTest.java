package io.watchkeeper.collector.heartbeat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.collector.CollectorTest;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@CollectorTest
class PingResourceTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void a_ping_publishes_a_heartbeat_event_and_provisions_the_check() {
        String key = createPingKey("acme");
        String slug = "backup-" + UUID.randomUUID().toString().substring(0, 8);
        ConsumerTask<String, byte[]> metrics =
                kafka.consume(String.class, byte[].class).fromTopics(Topics.METRICS);
        try {
            given().when()
                    .get("/ping/" + key + "/" + slug)
                    .then()
                    .statusCode(200)
                    .body(equalTo("OK"));
            given().when().post("/ping/" + key + "/" + slug).then().statusCode(200);

            Waits.flow().until(() -> heartbeatsOf(metrics, slug) == 2);
            ConsumerRecord<String, byte[]> record = metrics.getRecords().stream()
                    .filter(r -> r.key().contains(slug))
                    .findFirst()
                    .orElseThrow();
            CloudEvent<MetricEvent> event =
                    CloudEventCodec.instance().decode(record.headers(), record.value(), MetricEvent.class);
            assertThat(event.data().kind()).isEqualTo(MetricKind.HEARTBEAT);
            assertThat(event.data().metric()).isEqualTo("heartbeat");
            assertThat(event.data().labels()).isEqualTo(Map.of("slug", slug, "tenant", "acme"));
            assertThat(record.key()).isEqualTo(event.data().seriesKey());
        } finally {
            metrics.close();
        }

        Waits.flow().untilAsserted(() -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/heartbeats?size=500")
                .then()
                .statusCode(200)
                .body("items.slug", hasItem(slug)));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/heartbeats?size=500")
                .then()
                .body("items.find { it.slug == '" + slug + "' }.pings", equalTo(2))
                .body("items.find { it.slug == '" + slug + "' }.tenant", equalTo("acme"));
    }

    @Test
    void start_fail_and_exit_codes_are_signals_of_their_own_and_the_body_is_kept() {
        String key = createPingKey(null);
        String slug = "job-" + UUID.randomUUID().toString().substring(0, 8);
        ConsumerTask<String, byte[]> metrics =
                kafka.consume(String.class, byte[].class).fromTopics(Topics.METRICS);
        try {
            given().when().get("/ping/" + key + "/" + slug + "/start").then().statusCode(200);
            given().body("backup failed: disk full")
                    .when()
                    .post("/ping/" + key + "/" + slug + "/fail")
                    .then()
                    .statusCode(200);
            given().when().get("/ping/" + key + "/" + slug + "/3").then().statusCode(200);
            given().body("x".repeat(20_000))
                    .when()
                    .post("/ping/" + key + "/" + slug + "/0")
                    .then()
                    .statusCode(200);
            given().when()
                    .get("/ping/" + key + "/" + slug + "/restart")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
            given().when().get("/ping/" + key + "/" + slug + "/256").then().statusCode(404);

            Waits.flow()
                    .until(() -> io.watchkeeper.testsupport.KafkaRecords.data(
                                            metrics,
                                            MetricEvent.class,
                                            m -> slug.equals(m.labels().get("slug")))
                                    .size()
                            == 4);
            assertThat(io.watchkeeper.testsupport.KafkaRecords.data(
                            metrics,
                            MetricEvent.class,
                            m -> slug.equals(m.labels().get("slug"))))
                    .extracting(m -> m.metric() + "=" + m.value().toPlainString())
                    // one series per metric, so one partition each: no order across them
                    .containsExactlyInAnyOrder(
                            "heartbeat_start=1", "heartbeat_fail=1", "heartbeat_fail=3", "heartbeat=1");
        } finally {
            metrics.close();
        }
        Waits.flow().untilAsserted(() -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/heartbeats?size=500")
                .then()
                .statusCode(200)
                .body("items.find { it.slug == '" + slug + "' }.lastSignal", equalTo("ping"))
                .body("items.find { it.slug == '" + slug + "' }.lastExitCode", equalTo(0))
                .body(
                        "items.find { it.slug == '" + slug + "' }.lastBody.length()",
                        equalTo(10_000 + "…(truncated)".length()))
                .body("items.find { it.slug == '" + slug + "' }.lastFailureAt", notNullValue())
                .body("items.find { it.slug == '" + slug + "' }.lastStartAt", notNullValue()));
    }

    @Test
    void an_unknown_key_is_a_404_problem() {
        given().when()
                .get("/ping/not-a-real-key/backup")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", equalTo("no ping key matches this URL"));
    }

    @Test
    void an_invalid_slug_is_a_400_naming_it() {
        String key = createPingKey(null);
        given().when()
                .get("/ping/" + key + "/Bad Slug!")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("slug"));
    }

    @Test
    void the_key_is_shown_once_and_only_admins_create_keys() {
        String body = "{\"name\":\"payments\"}";
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/ping-keys")
                .then()
                .statusCode(401);
        given().header("Authorization", TestTokens.bearer("olga", "operator"))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/ping-keys")
                .then()
                .statusCode(403);

        String key = given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/ping-keys")
                .then()
                .statusCode(201)
                .body("key", notNullValue())
                .body("createdBy", equalTo("ada"))
                .extract()
                .path("key");

        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/ping-keys")
                .then()
                .statusCode(200)
                .body("items.key", hasItem(nullValue()))
                .body("items.keyHint", hasItem(key.substring(0, 4) + "…" + key.substring(key.length() - 4)))
                .body(org.hamcrest.Matchers.not(containsString(key)));
    }

    @Test
    void a_create_without_name_is_a_400_naming_the_field() {
        given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .contentType(ContentType.JSON)
                .body("{\"tenant\":\"Not A Tenant\"}")
                .when()
                .post("/api/v1/ping-keys")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("name", "tenant"));
    }

    private static long heartbeatsOf(ConsumerTask<String, byte[]> metrics, String slug) {
        return metrics.getRecords().stream()
                .filter(r -> r.key() != null && r.key().contains(slug))
                .count();
    }

    static String createPingKey(String tenant) {
        String body = tenant == null ? "{\"name\":\"test\"}" : "{\"name\":\"test\",\"tenant\":\"" + tenant + "\"}";
        return given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/ping-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
    }
}
