package io.watchkeeper.collector.source;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.watchkeeper.collector.CollectorTest;
import io.watchkeeper.testsupport.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@CollectorTest
class SourceResourceTest {

    private static final String SECRET = "sk-or-v1-abcdefghijklmnop1234";

    @Test
    void the_credential_goes_in_and_only_its_hint_comes_out() {
        String id = as("admin")
                .body(source("or-" + suffix(), "openrouter", null, "\"enabled\":false"))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(201)
                .body("credentialHint", equalTo("sk-o…1234"))
                .body("baseUrl", equalTo("https://openrouter.ai"))
                .body("pollInterval", equalTo("10m"))
                .body("labels.tenant", equalTo("acme"))
                .body(not(containsString(SECRET)))
                .extract()
                .path("id");

        as("viewer")
                .when()
                .get("/api/v1/sources/" + id)
                .then()
                .statusCode(200)
                .body("consecutiveFailures", equalTo(0))
                .body(not(containsString(SECRET)));
        as("viewer")
                .when()
                .get("/api/v1/sources?size=500")
                .then()
                .statusCode(200)
                .body(not(containsString(SECRET)));

        // a replace without credential keeps it; interval and enabled flag change in place
        as("admin")
                .body(source("or-x", "openrouter", null, "\"enabled\":false")
                        .replace(",\"credential\":\"" + SECRET + "\"", "")
                        .replace("\"name\":\"or-x\"", "\"name\":\"or-" + suffix() + "\"")
                        .replace("10m", "2m"))
                .when()
                .put("/api/v1/sources/" + id)
                .then()
                .statusCode(200)
                .body("credentialHint", equalTo("sk-o…1234"))
                .body("pollInterval", equalTo("2m"));

        // two sources cannot share a name
        String taken = "taken-" + suffix();
        as("admin")
                .body(source(taken, "openrouter", null, "\"enabled\":false"))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(201);
        as("admin")
                .body(source(taken, "openrouter", null, "\"enabled\":false"))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        as("admin")
                .body(source(taken, "openrouter", null, "\"enabled\":false"))
                .when()
                .put("/api/v1/sources/" + id)
                .then()
                .statusCode(409);
    }

    @Test
    void invalid_sources_are_a_400_naming_the_field() {
        as("admin")
                .body(source("bad-" + suffix(), "coinbase", null, "\"enabled\":false"))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("provider"))
                // every adapter is registered
                .body(
                        "detail",
                        equalTo("provider: must be one of [anthropic_costs, deepseek, generic_json, moonshot, "
                                + "openai_costs, openrouter, siliconflow, volcengine_billing]"));
        as("admin")
                .body(source("bad-" + suffix(), "openrouter", null, "\"enabled\":false")
                        .replace("10m", "soon"))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("pollInterval"));
        as("admin")
                .body(source("bad-" + suffix(), "openrouter", "http://api.example.com", "\"enabled\":false"))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("baseUrl"));
        as("admin")
                .body(source(
                        "bad-" + suffix(),
                        "generic_json",
                        "https://billing.example.com",
                        "\"settings\":{\"pointer\":\"data.balance\"},\"enabled\":false"))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("settings.pointer", "settings.currency"));
        as("admin")
                .body(source("Bad Name", "openrouter", null, "\"enabled\":false"))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        as("admin")
                .body(source("bad-" + suffix(), "openrouter", null, "\"enabled\":false")
                        .replace(",\"credential\":\"" + SECRET + "\"", ""))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("credential"));
    }

    @Test
    void a_refresh_is_accepted_once_then_cools_down_with_retry_after() {
        // a closed loopback port: the poll fails fast and touches nothing outside this machine
        String id = as("admin")
                .body(source("cool-" + suffix(), "deepseek", "http://127.0.0.1:9", ""))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        as("operator").when().post("/api/v1/sources/" + id + "/refresh").then().statusCode(202);
        as("operator")
                .when()
                .post("/api/v1/sources/" + id + "/refresh")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        as("viewer").when().post("/api/v1/sources/" + id + "/refresh").then().statusCode(403);
        as("admin").when().delete("/api/v1/sources/" + id).then().statusCode(204);
        as("viewer").when().get("/api/v1/sources/" + id).then().statusCode(404);
    }

    @Test
    void refresh_all_takes_every_enabled_source_not_cooling_down() {
        String on = as("admin")
                .body(source("all-" + suffix(), "deepseek", "http://127.0.0.1:9", ""))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("admin")
                .body(source("off-" + suffix(), "deepseek", "http://127.0.0.1:9", "\"enabled\":false"))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(201);

        int first = as("operator")
                .when()
                .post("/api/v1/sources/refresh")
                .then()
                .statusCode(202)
                .extract()
                .path("refreshing");
        assertThat(first).isGreaterThanOrEqualTo(1);
        // the one just refreshed is cooling down now: a second refresh-all leaves it out, a single refresh says so
        as("operator").when().post("/api/v1/sources/" + on + "/refresh").then().statusCode(429);
        as("operator")
                .when()
                .post("/api/v1/sources/refresh")
                .then()
                .statusCode(202)
                .body("refreshing", equalTo(0));
    }

    static String source(String name, String provider, String baseUrl, String extra) {
        return "{\"name\":\"" + name + "\",\"provider\":\"" + provider + "\""
                + (baseUrl == null ? "" : ",\"baseUrl\":\"" + baseUrl + "\"")
                + ",\"credential\":\"" + SECRET
                + "\",\"pollInterval\":\"10m\",\"labels\":{\"tenant\":\"acme\",\"app\":\"chat\"}"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role + "-user", role))
                .contentType(ContentType.JSON);
    }
}
