package io.watchkeeper.evaluator.rule;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "evaluator"))
class RuleResourceTest {

    private static final String RULE = """
            {"name":"backup heartbeat","type":"absence","metric":"heartbeat",
             "matchers":[{"label":"slug","op":"=","value":"nightly-backup"}],
             "grace":"3m","severity":"critical","labels":{"team":"ops"}}""";

    @Test
    void an_admin_creates_reads_replaces_and_deletes_a_rule() {
        String id = as("admin").body(RULE).when().post("/api/v1/rules").then()
                .statusCode(201)
                .body("grace", equalTo("3m"))
                .body("severity", equalTo("critical"))
                .body("enabled", equalTo(true))
                .body("matchers[0].op", equalTo("="))
                .extract().path("id");

        as("viewer").when().get("/api/v1/rules/" + id).then().statusCode(200).body("name", equalTo("backup heartbeat"));
        as("viewer").when().get("/api/v1/rules?size=500").then().statusCode(200).body("items.id", hasItem(id));

        as("admin").body(RULE.replace("3m", "90s")).when().put("/api/v1/rules/" + id).then()
                .statusCode(200).body("grace", equalTo("1m30s"));

        as("admin").when().delete("/api/v1/rules/" + id).then().statusCode(204);
        as("viewer").when().get("/api/v1/rules/" + id).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void only_admins_change_rules_and_anonymous_callers_are_refused() {
        given().contentType(ContentType.JSON).body(RULE).when().post("/api/v1/rules").then().statusCode(401);
        as("operator").body(RULE).when().post("/api/v1/rules").then().statusCode(403);
        as("viewer").body(RULE).when().post("/api/v1/rules").then().statusCode(403);
    }

    @Test
    void a_bad_grace_is_a_400_naming_the_field() {
        as("admin").body(RULE.replace("3m", "soon")).when().post("/api/v1/rules").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("grace"));
    }

    @Test
    void a_bad_regex_is_a_400_naming_the_matcher() {
        as("admin").body(RULE.replace("\"op\":\"=\",\"value\":\"nightly-backup\"", "\"op\":\"=~\",\"value\":\"(\""))
                .when().post("/api/v1/rules").then()
                .statusCode(400)
                .body("errors[0].field", equalTo("matchers[0].value"));
    }

    @Test
    void an_unknown_type_or_operator_is_a_400() {
        as("admin").body(RULE.replace("absence", "telepathy")).when().post("/api/v1/rules").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("type"));
        as("admin").body(RULE.replace("\"op\":\"=\"", "\"op\":\"~=\"")).when().post("/api/v1/rules").then()
                .statusCode(400).body("errors[0].field", equalTo("matchers[0].op"));
    }

    @Test
    void a_missing_name_is_a_400_naming_it() {
        as("admin").body(RULE.replace("\"name\":\"backup heartbeat\",", "")).when().post("/api/v1/rules").then()
                .statusCode(400).body("errors[0].field", equalTo("name"));
    }

    private static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role + "-user", role)).contentType(ContentType.JSON);
    }
}
