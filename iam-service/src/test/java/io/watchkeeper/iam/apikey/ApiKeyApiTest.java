package io.watchkeeper.iam.apikey;

import static io.watchkeeper.iam.IamRequests.acmeAdmin;
import static io.watchkeeper.iam.IamRequests.admin;
import static io.watchkeeper.iam.IamRequests.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.event.ApiKeyEvent;
import io.watchkeeper.iam.CloudStubResource;
import io.watchkeeper.platform.security.apikey.ApiKeys;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** API keys: issued once and kept hashed, published for the services that check them, revoked with a tombstone. */
@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "iam"))
@QuarkusTestResource(CloudStubResource.class)
class ApiKeyApiTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    Pool pool;

    @Test
    void a_key_is_shown_once_kept_as_its_hash_published_and_revoked_with_a_tombstone() {
        try (ConsumerTask<String, byte[]> topic = KafkaRecords.fromNow(kafka, Topics.API_KEYS, r -> true)) {
            JsonPath issued = admin().body(
                            """
                            {"name":"billing exporter","scopes":["ingest:usage","ingest:events"],"tenant":"acme",
                             "expiresAt":"%s"}"""
                                    .formatted(Instant.now().plus(Duration.ofDays(90))))
                    .post("/api/v1/api-keys")
                    .then()
                    .statusCode(201)
                    .body("status", equalTo("active"))
                    .body("scopes", contains("ingest:events", "ingest:usage"))
                    .body("tenant", equalTo("acme"))
                    .extract()
                    .jsonPath();
            String id = issued.getString("id");
            String key = issued.getString("key");
            assertThat(ApiKeys.looksLikeKey(key)).isTrue();
            assertThat(issued.getString("prefix")).isEqualTo(ApiKeys.prefix(key));

            String later = admin().get("/api/v1/api-keys/" + id)
                    .then()
                    .statusCode(200)
                    .body("key", nullValue())
                    .extract()
                    .asString();
            assertThat(later).doesNotContain(key);
            assertThat(admin().get("/api/v1/api-keys").asString()).doesNotContain(key);
            String stored = pool.preparedQuery("SELECT row_to_json(k)::text FROM api_key k WHERE id = $1")
                    .execute(Tuple.of(id))
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getString(0);
            assertThat(stored).doesNotContain(key).contains(ApiKeys.sha256(key));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> KafkaRecords.data(topic, ApiKeyEvent.class, e -> e.keyId()
                                            .equals(id))
                                    .size()
                            == 1);
            ApiKeyEvent published = KafkaRecords.data(
                            topic, ApiKeyEvent.class, e -> e.keyId().equals(id))
                    .get(0);
            assertThat(published.sha256()).isEqualTo(ApiKeys.sha256(key));
            assertThat(published.tenant()).isEqualTo("acme");
            assertThat(published.scopes()).containsExactly("ingest:events", "ingest:usage");

            admin().delete("/api/v1/api-keys/" + id).then().statusCode(204);
            admin().delete("/api/v1/api-keys/" + id).then().statusCode(204); // again: nothing more
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> topic.getRecords().stream().anyMatch(r -> id.equals(r.key()) && r.value() == null));
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> topic.getRecords().stream()
                                    .filter(r -> id.equals(r.key()) && r.value() == null)
                                    .count()
                            == 1);
            admin().get("/api/v1/api-keys/" + id)
                    .then()
                    .body("status", equalTo("revoked"))
                    .body("revokedBy", equalTo("alice"));
            admin().get("/api/v1/api-keys?tenant=acme").then().body("items.id", not(hasItem(id)));
            admin().get("/api/v1/api-keys?tenant=acme&revoked=true").then().body("items.id", hasItem(id));
        }
    }

    @Test
    void the_key_topic_is_compacted_so_that_a_live_key_is_never_dropped_by_retention() {
        org.apache.kafka.common.config.ConfigResource topic = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.API_KEYS);
        await().atMost(Duration.ofSeconds(20)).until(() -> "compact"
                .equals(kafka.getOrCreateAdminClient()
                        .describeConfigs(java.util.List.of(topic))
                        .all()
                        .get()
                        .get(topic)
                        .get("cleanup.policy")
                        .value()));
    }

    @Test
    void unknown_scopes_past_expiry_and_missing_fields_name_the_field() {
        problem(
                admin().body("{\"name\":\"x\",\"scopes\":[\"ingest:everything\"]}")
                        .post("/api/v1/api-keys"),
                400,
                "scopes");
        problem(admin().body("{\"name\":\"x\",\"scopes\":[]}").post("/api/v1/api-keys"), 400, "scopes");
        problem(
                admin().body("{\"name\":\"x\",\"scopes\":[\"ingest:usage\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}")
                        .post("/api/v1/api-keys"),
                400,
                "expiresAt");
        problem(admin().body("{\"scopes\":[\"ingest:usage\"]}").post("/api/v1/api-keys"), 400, "name");
    }

    @Test
    void a_tenants_admin_issues_keys_of_its_own_tenant_only_and_sees_no_others() {
        String platformKey = admin().body("{\"name\":\"platform\",\"scopes\":[\"ingest:alerts\"]}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .body("tenant", nullValue())
                .extract()
                .path("id");
        String acmeKey = acmeAdmin()
                .body("{\"name\":\"acme\",\"scopes\":[\"ingest:energy\"]}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .body("tenant", equalTo("acme"))
                .extract()
                .path("id");
        acmeAdmin()
                .body("{\"name\":\"x\",\"scopes\":[\"ingest:energy\"],\"tenant\":\"other\"}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(403);
        acmeAdmin().get("/api/v1/api-keys/" + platformKey).then().statusCode(404);
        acmeAdmin().delete("/api/v1/api-keys/" + platformKey).then().statusCode(404);
        acmeAdmin()
                .get("/api/v1/api-keys")
                .then()
                .body("items.id", hasItem(acmeKey))
                .body("items.id", not(hasItem(platformKey)));
        io.watchkeeper.iam.IamRequests.viewer().get("/api/v1/api-keys").then().statusCode(403);
    }
}
