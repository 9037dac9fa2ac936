package io.watchkeeper.evaluator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's rule matches its own tenant's metrics only, whatever its matchers say; a tenant's token sees and acts
 * on its own rules, alerts and quota usage only (another tenant's are 404 and stay as they were).
 */
@EvaluatorTest
class TenantIsolationTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private ConsumerTask<String, byte[]> alerts;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String acme = "acme-" + run;
    private final String globex = "globex-" + run;
    private final String app = "app-" + run;

    @BeforeEach
    void listen() {
        alerts = kafka.consume(String.class, byte[].class).fromTopics(Topics.ALERTS);
    }

    @AfterEach
    void stop() {
        alerts.close();
    }

    @Test
    void a_tenants_rule_fires_on_its_own_metrics_only_and_its_alerts_are_hidden_from_other_tenants() {
        String rule = "{\"name\":\"low %s\",\"type\":\"threshold\",\"cooldownMinutes\":0,%s"
                + "\"matchers\":[{\"label\":\"app\",\"op\":\"=\",\"value\":\"" + app + "\"}],"
                + "\"condition\":{\"metric\":\"provider_balance\",\"window\":\"10m\",\"operator\":\"<\",\"threshold\":10}}";
        String acmeRule = as(acme, "admin")
                .body(rule.formatted("acme", ""))
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .body("tenant", equalTo(acme))
                .body("matchers.label", hasItem("tenant"))
                .body("matchers.value", hasItem(acme))
                .extract()
                .path("id");
        // a platform rule on the same series fires for both tenants: once it has, both metrics were evaluated
        String platformRule = as(null, "admin")
                .body(rule.formatted("all", ""))
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        balance(globex, "5");
        balance(acme, "5");
        Waits.flow().until(() -> firing(platformRule).size() == 2);
        List<AlertEvent> fromAcmeRule = Waits.flow().until(() -> firing(acmeRule), found -> !found.isEmpty());
        assertThat(fromAcmeRule).extracting(a -> a.labels().get("tenant")).containsExactly(acme);
        String acmeAlert = fromAcmeRule.get(0).alertId().toString();

        // globex cannot see, acknowledge, resolve or ignore acme's alert, nor find it in a list
        for (String action : new String[] {"ack", "resolve", "ignore"}) {
            as(globex, "operator")
                    .post("/api/v1/alerts/" + acmeAlert + "/" + action)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        as(globex, "viewer").get("/api/v1/alerts/" + acmeAlert).then().statusCode(404);
        as(globex, "viewer")
                .queryParam("label", "app=" + app)
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items.labels.tenant", everyItem(equalTo(globex)));
        as(globex, "viewer")
                .queryParam("tenant", acme)
                .get("/api/v1/alerts")
                .then()
                .statusCode(403);
        as(acme, "viewer")
                .get("/api/v1/alerts/" + acmeAlert)
                .then()
                .statusCode(200)
                .body("status", equalTo("firing"));
        // the operator sees both, and narrows to one tenant
        as(null, "viewer")
                .queryParam("label", "app=" + app)
                .queryParam("tenant", acme)
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("items.labels.tenant", everyItem(equalTo(acme)));

        // nor acme's rule
        as(globex, "viewer").get("/api/v1/rules/" + acmeRule).then().statusCode(404);
        as(globex, "admin")
                .body(rule.formatted("taken", ""))
                .put("/api/v1/rules/" + acmeRule)
                .then()
                .statusCode(404);
        as(globex, "admin").delete("/api/v1/rules/" + acmeRule).then().statusCode(404);
        as(globex, "viewer")
                .get("/api/v1/rules?size=500")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(acmeRule)))
                .body("items.id", not(hasItem(platformRule)));
        as(acme, "viewer")
                .get("/api/v1/rules/" + acmeRule)
                .then()
                .statusCode(200)
                .body("name", equalTo("low acme"));
    }

    @Test
    void a_tenant_cannot_widen_its_rule_nor_create_one_for_another_tenant() {
        String body = "{\"name\":\"r\",\"type\":\"threshold\",%s\"matchers\":%s,"
                + "\"condition\":{\"metric\":\"provider_balance\",\"window\":\"10m\",\"operator\":\"<\",\"threshold\":10}}";
        String id = as(acme, "admin")
                .body(body.formatted("", "[]"))
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // replacing with no matchers, or with one that names every tenant, keeps the tenant's own matcher
        as(acme, "admin")
                .body(body.formatted("", "[{\"label\":\"tenant\",\"op\":\"=~\",\"value\":\".*\"}]"))
                .put("/api/v1/rules/" + id)
                .then()
                .statusCode(200)
                .body("matchers.findAll { it.label == 'tenant' && it.op == '=' }.value", equalTo(List.of(acme)));

        as(acme, "admin")
                .body(body.formatted("\"tenant\":\"" + globex + "\",", "[]"))
                .post("/api/v1/rules")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        as(acme, "admin")
                .body(body.formatted("\"labels\":{\"tenant\":\"" + globex + "\"},", "[]"))
                .post("/api/v1/rules")
                .then()
                .statusCode(403);
        as(null, "admin")
                .body(body.formatted("\"tenant\":\"" + globex + "\",", "[]"))
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .body("tenant", equalTo(globex))
                .body("matchers.value", hasItem(globex));
    }

    @Test
    void quota_usage_is_the_quota_tenants() {
        QuotaEvent quota = new QuotaEvent(
                "q-" + run,
                new QuotaEvent.Subject("tenant", acme),
                "usage_cost",
                Map.of(),
                new BigDecimal("100"),
                "USD",
                List.of(new BigDecimal("80")),
                false,
                true,
                1,
                null,
                null,
                null,
                null,
                null);
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(Topics.QUOTAS, quota.quotaId(), CloudEvent.of("test", quota)))
                .awaitCompletion();
        Waits.flow()
                .until(() ->
                        as(acme, "viewer").get("/api/v1/quota-usage/q-" + run).statusCode() == 200);

        as(acme, "viewer")
                .get("/api/v1/quota-usage")
                .then()
                .statusCode(200)
                .body("quotaId", hasItem("q-" + run))
                .body("tenant", everyItem(equalTo(acme)));
        as(globex, "viewer").get("/api/v1/quota-usage/q-" + run).then().statusCode(404);
        as(globex, "viewer")
                .get("/api/v1/quota-usage")
                .then()
                .statusCode(200)
                .body("quotaId", not(hasItem("q-" + run)));
    }

    private List<AlertEvent> firing(String ruleId) {
        return KafkaRecords.data(
                        alerts, AlertEvent.class, a -> app.equals(a.labels().get("app")))
                .stream()
                .filter(a -> a.ruleId().toString().equals(ruleId))
                .toList();
    }

    private void balance(String tenant, String value) {
        MetricEvent m = new MetricEvent(
                "provider_balance",
                MetricKind.BALANCE,
                new BigDecimal(value),
                "USD",
                Map.of("app", app, "tenant", tenant),
                Instant.now());
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(Topics.METRICS, m.seriesKey(), CloudEvent.of("test", m)))
                .awaitCompletion();
    }

    private static RequestSpecification as(String tenant, String role) {
        return given().header("Authorization", TestTokens.bearerAs(tenant, role))
                .contentType(ContentType.JSON);
    }
}
