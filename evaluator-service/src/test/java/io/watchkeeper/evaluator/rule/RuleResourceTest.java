package io.watchkeeper.evaluator.rule;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.watchkeeper.evaluator.EvaluatorTest;
import io.watchkeeper.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EvaluatorTest
class RuleResourceTest {

    private static final String RULE =
            """
            {"name":"backup heartbeat","type":"absence","condition":{"metric":"heartbeat","grace":"3m"},
             "matchers":[{"label":"slug","op":"=","value":"nightly-backup"}],
             "severity":"critical","labels":{"team":"ops"}}""";

    @Test
    void an_admin_creates_reads_replaces_and_deletes_a_rule() {
        String id = as("admin")
                .body(RULE)
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .body("condition.grace", equalTo("3m"))
                .body("cooldownMinutes", equalTo(30))
                .body("maxAlertsPerDay", equalTo(10))
                .body("priority", equalTo("medium"))
                .body("severity", equalTo("critical"))
                .body("enabled", equalTo(true))
                .body("matchers[0].op", equalTo("="))
                .extract()
                .path("id");

        as("viewer").when().get("/api/v1/rules/" + id).then().statusCode(200).body("name", equalTo("backup heartbeat"));
        as("viewer").when().get("/api/v1/rules?size=500").then().statusCode(200).body("items.id", hasItem(id));

        as("admin")
                .body(RULE.replace("3m", "90s"))
                .when()
                .put("/api/v1/rules/" + id)
                .then()
                .statusCode(200)
                .body("condition.grace", equalTo("90s"));

        as("admin").when().delete("/api/v1/rules/" + id).then().statusCode(204);
        as("viewer").when().get("/api/v1/rules/" + id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void only_admins_change_rules_and_anonymous_callers_are_refused() {
        given().contentType(ContentType.JSON)
                .body(RULE)
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("detail", equalTo("a valid bearer token is required"));
        as("operator")
                .body(RULE)
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
        as("viewer").body(RULE).when().post("/api/v1/rules").then().statusCode(403);
    }

    /** Labels a rule adds to its alerts stay within what the alert contract allows (with the series' own). */
    @Test
    void too_many_or_too_long_labels_are_a_400_naming_the_field() {
        String many = java.util.stream.IntStream.range(0, 33)
                .mapToObj(i -> "\"l" + i + "\":\"v\"")
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        as("admin")
                .body(RULE.replace("{\"team\":\"ops\"}", many))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("labels"));
        as("admin")
                .body(RULE.replace("\"ops\"", "\"" + "x".repeat(1025) + "\""))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("labels"));
        as("admin")
                .body(RULE.replace(
                        "\"labels\"", "\"annotations\":{\"runbook\":\"" + "x".repeat(5000) + "\"},\"labels\""))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("annotations"));
    }

    @Test
    void every_rule_type_is_accepted_with_its_condition() {
        for (String rule : List.of(
                """
                {"name":"low balance","type":"threshold","for":"2m","keepFiringFor":"5m",
                 "condition":{"metric":"provider_balance","aggregation":"last","window":"10m","operator":"<","threshold":10}}""",
                """
                {"name":"error rate","type":"ratio","matchers":[{"label":"tenant","op":"=","value":"acme"}],
                 "condition":{"numerator":"usage_errors","denominator":"usage_calls","window":"5m","operator":">",
                  "threshold":0.05,"minDenominator":20}}""",
                """
                {"name":"slow","type":"percentile","priority":"high",
                 "condition":{"metric":"usage_latency_ms","percentile":99,"window":"5m","operator":">","threshold":2000}}""",
                """
                {"name":"runs out","type":"forecast","condition":{"metric":"provider_balance","window":"6h","horizon":"3d"}}""",
                """
                {"name":"renewals","type":"renewal","condition":{"daysBefore":7,"repeatEvery":"1d",
                 "subscriptions":[{"name":"Claude Team","renewsOn":"2026-12-01","cycle":"monthly","amount":150,"currency":"USD"},
                                  {"name":"domain","renewsOn":"2027-03-01","cycle":"days","everyDays":90}]}}""")) {
            as("admin").body(rule).when().post("/api/v1/rules").then().statusCode(201);
        }
    }

    @Test
    void a_bad_condition_is_a_400_naming_the_field() {
        String threshold =
                """
                {"name":"t","type":"threshold",
                 "condition":{"metric":"provider_balance","aggregation":"last","window":"10m","operator":"<","threshold":10}}""";
        Map<String, String> mistakes = Map.of(
                "\"window\":\"10m\"", "condition.window",
                "\"operator\":\"<\"", "condition.operator",
                "\"aggregation\":\"last\"", "condition.aggregation",
                "\"metric\":\"provider_balance\"", "condition.metric",
                "\"threshold\":10", "condition.threshold");
        mistakes.forEach((part, field) -> as("admin")
                .body(threshold.replace(part, part.substring(0, part.indexOf(':') + 1) + "\"nonsense!\""))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field)));
        as("admin")
                .body(threshold.replace("\"type\":\"threshold\",", "\"type\":\"threshold\",\"for\":\"later\","))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("for"));
        as("admin")
                .body(
                        """
                {"name":"r","type":"renewal","condition":{"subscriptions":[{"name":"x","renewsOn":"someday"}]}}""")
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("condition.subscriptions[0].renewsOn"));
    }

    @Test
    void a_bad_grace_is_a_400_naming_the_field() {
        as("admin")
                .body(RULE.replace("3m", "soon"))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("condition.grace"));
    }

    @Test
    void a_bad_regex_is_a_400_naming_the_matcher() {
        as("admin")
                .body(RULE.replace("\"op\":\"=\",\"value\":\"nightly-backup\"", "\"op\":\"=~\",\"value\":\"(\""))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("matchers[0].value"));
    }

    @Test
    void an_unknown_type_or_operator_is_a_400() {
        as("admin")
                .body(RULE.replace("absence", "telepathy"))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("type"));
        as("admin")
                .body(RULE.replace("\"op\":\"=\"", "\"op\":\"~=\""))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("matchers[0].op"));
    }

    @Test
    void a_missing_name_is_a_400_naming_it() {
        as("admin")
                .body(RULE.replace("\"name\":\"backup heartbeat\",", ""))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
    }

    private static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role + "-user", role))
                .contentType(ContentType.JSON);
    }
}
