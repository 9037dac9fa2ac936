package io.watchkeeper.notifier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchkeeper.testsupport.ServiceSmokeTest;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Readiness checks Kafka through the channels' own clients (no admin client of its own): with no broker where the
 * service looks for one, it is not ready — and still live, so a broker outage does not restart it.
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "service", value = "notifier"),
            // nothing listens on port 1: every connection is refused
            @ResourceArg(name = "kafkaBootstrap", value = "127.0.0.1:1")
        })
class KafkaReadinessTest {

    private static final String KAFKA = "checks.find { it.name == '" + ServiceSmokeTest.KAFKA_READINESS + "' }";

    @Test
    void is_not_ready_while_its_kafka_broker_is_unreachable_but_stays_live() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body(KAFKA + ".status", equalTo("DOWN"))
                .body(KAFKA + ".data.'wk-outbox'", startsWith("[KO]"))
                .body(
                        "checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status",
                        equalTo("UP")));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
