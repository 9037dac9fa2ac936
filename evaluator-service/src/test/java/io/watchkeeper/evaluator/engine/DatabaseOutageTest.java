package io.watchkeeper.evaluator.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.WatchkeeperTestResource;

/** PostgreSQL down for 30 s mid-stream; REST answers 503 problem+json with Retry-After meanwhile. */
@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "service", value = "evaluator"),
            @ResourceArg(name = "databaseBehindProxy", value = "true")
        })
class DatabaseOutageTest extends AlertsThroughAnOutage {

    @Override
    void whileDown() {
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .get("/api/v1/rules")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("status", equalTo(503));
    }
}
