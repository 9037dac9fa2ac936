package io.watchkeeper.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

/**
 * What every service promises operators: it migrated its database, is ready with its database and Kafka
 * checked, exposes Prometheus metrics and its OpenAPI document. Extend it in a {@code @QuarkusTest}.
 */
public abstract class ServiceSmokeTest {

    /** SmallRye Reactive Messaging's check: every channel's Kafka client is connected. */
    public static final String KAFKA_READINESS = "SmallRye Reactive Messaging - readiness check";

    @Test
    void is_live_and_ready_with_database_and_kafka_checked() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", KAFKA_READINESS))
                // Kafka through the channels' clients: the outbox's producer is connected
                .body("checks.find { it.name == '" + KAFKA_READINESS + "' }.data.'wk-outbox'", startsWith("[OK]"))
                // through the reactive pool only: a probe must not open a JDBC pool (JDBC is for migrations), nor
                // keep a Kafka admin client of its own
                .body("checks.name", not(hasItem("Database connections health check")))
                .body("checks.name", not(hasItem("Kafka connection health check")));
    }

    /**
     * Prometheus metrics, among them each consumer's lag (Kafka's own {@code records_lag_max}, by client id
     * {@code kafka-consumer-<channel>}: one consumer group per channel).
     */
    @Test
    void exposes_prometheus_metrics_with_consumer_lag() {
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .extract()
                .asString();
        for (String channel : consumedChannels()) {
            org.assertj.core.api.Assertions.assertThat(metrics)
                    .as("lag of channel " + channel)
                    .contains("kafka_consumer_fetch_manager_records_lag_max{client_id=\"kafka-consumer-" + channel
                            + "\"");
        }
    }

    /** The service's incoming Kafka channels. */
    protected java.util.List<String> consumedChannels() {
        return java.util.List.of();
    }

    @Test
    void publishes_its_openapi_document() {
        given().queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("openapi", containsString("3."));
    }

    /** Makes tenants' objects and requests for {@link AuthzMatrix}; a service with secured operations overrides it. */
    protected AuthzMatrix.TenantFixture tenantFixture() {
        return AuthzMatrix.TenantFixture.NONE;
    }

    /**
     * The matrix of {@link AuthzMatrix} over every secured operation the service documents: no token, each role, and
     * another tenant's admin each get the answer the operation's roles and the caller's tenant allow.
     */
    @Test
    void answers_every_caller_as_its_roles_and_tenant_allow() {
        org.assertj.core.api.Assertions.assertThat(AuthzMatrix.run(tenantFixture()))
                .isEmpty();
    }

    /**
     * The fuzz of {@link OpenApiFuzz} over every operation the service documents: never a 5xx, every 4xx
     * {@code application/problem+json}.
     */
    @Test
    void answers_every_malformed_request_with_a_problem_never_a_server_error() {
        org.assertj.core.api.Assertions.assertThat(
                        OpenApiFuzz.run(TestTokens.bearer("fuzz", "admin", "operator", "viewer")))
                .isEmpty();
    }
}
