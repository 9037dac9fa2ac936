package io.watchkeeper.evaluator;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.testsupport.AuthzMatrix.Call;
import io.watchkeeper.testsupport.AuthzMatrix.TenantFixture;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The evaluator's operations as a tenant calls them, on that tenant's rule, alert (fired by the rule on a metric
 * through Kafka) and quota (from {@code wk.quotas.v1}), made on first use.
 */
class EvaluatorTenantFixture implements TenantFixture {

    private final KafkaCompanion kafka;
    private final Map<String, String> rules = new HashMap<>();
    private final Map<String, String> alerts = new HashMap<>();
    private final Map<String, String> quotas = new HashMap<>();

    EvaluatorTenantFixture(KafkaCompanion kafka) {
        this.kafka = kafka;
    }

    @Override
    public Call call(String method, String template, String tenant) {
        return switch (method + " " + template) {
            case "POST /api/v1/rules" -> new Call(template, rule(tenant, "new"));
            case "GET /api/v1/rules/{id}", "DELETE /api/v1/rules/{id}" -> new Call(
                    template.replace("{id}", rule(tenant)), null);
            case "PUT /api/v1/rules/{id}" -> new Call(
                    template.replace("{id}", rule(tenant)), rule(tenant, "low balance"));
            case "GET /api/v1/alerts/{id}",
                    "POST /api/v1/alerts/{id}/ack",
                    "POST /api/v1/alerts/{id}/resolve",
                    "POST /api/v1/alerts/{id}/ignore" -> new Call(template.replace("{id}", alert(tenant)), null);
            case "GET /api/v1/quota-usage/{quotaId}" -> new Call(template.replace("{quotaId}", quota(tenant)), null);
            default -> null;
        };
    }

    private String rule(String tenant) {
        return rules.computeIfAbsent(tenant, t -> as(t).body(rule(t, "low balance"))
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    private static String rule(String tenant, String name) {
        return """
                {"name":"%s","tenant":"%s","type":"threshold","cooldownMinutes":0,
                 "matchers":[{"label":"app","op":"=","value":"matrix"}],
                 "condition":{"metric":"provider_balance","window":"10m","operator":"<","threshold":10}}"""
                .formatted(name, tenant);
    }

    /** An alert of the tenant's rule: a low balance of the tenant's, through the real broker. */
    private String alert(String tenant) {
        return alerts.computeIfAbsent(tenant, t -> {
            String ruleId = rule(t);
            MetricEvent low = new MetricEvent(
                    "provider_balance",
                    MetricKind.BALANCE,
                    BigDecimal.ONE,
                    "USD",
                    Map.of("app", "matrix", "tenant", t),
                    Instant.now());
            kafka.produce(String.class, byte[].class)
                    .fromRecords(KafkaRecords.cloudEvent(Topics.METRICS, low.seriesKey(), CloudEvent.of("test", low)))
                    .awaitCompletion();
            List<String> ids = Waits.flow()
                    .until(
                            () -> given().header("Authorization", TestTokens.bearer("fixture", "viewer"))
                                    .get("/api/v1/alerts?ruleId=" + ruleId)
                                    .then()
                                    .extract()
                                    .path("items.id"),
                            found -> !found.isEmpty());
            return ids.get(0);
        });
    }

    private String quota(String tenant) {
        return quotas.computeIfAbsent(tenant, t -> {
            QuotaEvent quota = new QuotaEvent(
                    "q-" + UUID.randomUUID(),
                    new QuotaEvent.Subject("app", "matrix"),
                    "usage_cost",
                    Map.of("tenant", t),
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
                    .until(() -> given().header("Authorization", TestTokens.bearer("fixture", "viewer"))
                                    .get("/api/v1/quota-usage/" + quota.quotaId())
                                    .statusCode()
                            == 200);
            return quota.quotaId();
        });
    }

    private static RequestSpecification as(String tenant) {
        return given().header("Authorization", TestTokens.bearerForTenant("fixture", tenant, "admin"))
                .contentType(ContentType.JSON);
    }
}
