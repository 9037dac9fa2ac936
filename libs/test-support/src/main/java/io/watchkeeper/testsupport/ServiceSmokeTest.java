package io.watchkeeper.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

/**
 * What every service promises operators: it migrated its database, is ready with its database and Kafka
 * checked, exposes Prometheus metrics and its OpenAPI document. Extend it in a {@code @QuarkusTest}.
 */
public abstract class ServiceSmokeTest {

    @Test
    void is_live_and_ready_with_database_and_kafka_checked() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                        "Kafka connection health check"))
                // through the reactive pool only: a probe must not open a JDBC pool (JDBC is for migrations)
                .body("checks.name", not(hasItem("Database connections health check")));
    }

    @Test
    void exposes_prometheus_metrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void publishes_its_openapi_document() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", containsString("3."));
    }
}
