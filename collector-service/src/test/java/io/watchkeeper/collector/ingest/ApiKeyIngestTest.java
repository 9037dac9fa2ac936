package io.watchkeeper.collector.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.collector.CollectorTest;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.ApiKeyEvent;
import io.watchkeeper.platform.security.apikey.ApiKeys;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Machine clients post with an API key: the keys come from {@code wk.api-keys.v1} on the real broker, as iam-service
 * publishes them; scopes, tenant, expiry and revocation hold.
 */
@CollectorTest
class ApiKeyIngestTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private final String tenant = "keys-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void a_key_is_accepted_within_its_scopes_and_tenant_and_refused_within_five_seconds_of_its_revocation() {
        String key = ApiKeys.generate();
        String id = publish(key, List.of(ApiKeys.INGEST_USAGE, ApiKeys.INGEST_EVENTS), null);
        Waits.flow().until(() -> usage(key, tenant) == 202);

        given().header("X-Api-Key", key)
                .contentType(ContentType.JSON)
                .body("{\"eventType\":\"deploy\",\"serviceName\":\"billing\",\"severity\":\"info\"}")
                .post("/api/events/notify")
                .then()
                .statusCode(200)
                .body("success", equalTo(true));
        // another scope, another tenant, an operator's endpoint: refused
        given().header("Authorization", "Bearer " + key)
                .contentType(ContentType.JSON)
                .body("[]")
                .post("/api/v2/alerts")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + key)
                .contentType(ContentType.JSON)
                .body("[]")
                .post("/api/v1/ingest/energy")
                .then()
                .statusCode(403);
        org.assertj.core.api.Assertions.assertThat(usage(key, "someone-else")).isEqualTo(403);
        given().header("Authorization", "Bearer " + key)
                .get("/api/v1/sources")
                .then()
                .statusCode(403);

        kafka.produce(String.class, byte[].class)
                .fromRecords(new ProducerRecord<>(Topics.API_KEYS, id, null))
                .awaitCompletion();
        Waits.shortly().pollInterval(Duration.ofMillis(100)).until(() -> usage(key, tenant) == 401);
    }

    @Test
    void unknown_malformed_and_expired_keys_are_refused_and_tokens_still_work() {
        String expired = ApiKeys.generate();
        publish(expired, List.of(ApiKeys.INGEST_USAGE), Instant.now().minusSeconds(1));
        String fresh = ApiKeys.generate();
        publish(fresh, List.of(ApiKeys.INGEST_USAGE), Instant.now().plusSeconds(3600));
        Waits.flow().until(() -> usage(fresh, tenant) == 202);

        org.assertj.core.api.Assertions.assertThat(usage(expired, tenant)).isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(usage(ApiKeys.generate(), tenant))
                .isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(usage("wk_not_a_key", tenant))
                .isEqualTo(401);
        given().header("Authorization", io.watchkeeper.testsupport.TestTokens.bearer("oscar", "operator"))
                .contentType(ContentType.JSON)
                .body("[" + body(tenant) + "]")
                .post("/api/v1/ingest/usage")
                .then()
                .statusCode(202);
        RestAssured.get("/q/health/ready").then().body("checks.find { it.name == 'api-keys' }.status", equalTo("UP"));
    }

    /** Publishes a key of this test's tenant as iam-service would; its id. */
    private String publish(String key, List<String> scopes, Instant expiresAt) {
        String id = UUID.randomUUID().toString();
        ApiKeyEvent event =
                new ApiKeyEvent(id, "test", ApiKeys.prefix(key), ApiKeys.sha256(key), tenant, scopes, expiresAt);
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(Topics.API_KEYS, id, CloudEvent.of("test", event)))
                .awaitCompletion();
        return id;
    }

    private static int usage(String key, String tenant) {
        return given().header("Authorization", "Bearer " + key)
                .contentType(ContentType.JSON)
                .body("[" + body(tenant) + "]")
                .post("/api/v1/ingest/usage")
                .statusCode();
    }

    private static String body(String tenant) {
        return "{\"tenant\":\"" + tenant + "\",\"app\":\"chat\",\"calls\":1,\"errors\":0,\"tokens\":10,\"cost\":0.01,"
                + "\"currency\":\"USD\",\"latencyMs\":80,\"observedAt\":\"" + Instant.now() + "\"}";
    }
}
