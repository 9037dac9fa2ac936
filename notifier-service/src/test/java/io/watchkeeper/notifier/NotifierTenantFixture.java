package io.watchkeeper.notifier;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.testsupport.AuthzMatrix.Call;
import io.watchkeeper.testsupport.AuthzMatrix.TenantFixture;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The notifier's operations as a tenant calls them, on that tenant's channel, route, silence, inhibit rule, action
 * and alert (through Kafka), made on first use.
 */
class NotifierTenantFixture implements TenantFixture {

    private final KafkaCompanion kafka;
    private final Map<String, String> made = new HashMap<>();

    NotifierTenantFixture(KafkaCompanion kafka) {
        this.kafka = kafka;
    }

    @Override
    public Call call(String method, String template, String tenant) {
        return switch (method + " " + template) {
            case "POST /api/v1/channels" -> new Call(template, channel(tenant, "new-" + UUID.randomUUID()));
            case "GET /api/v1/channels/{id}",
                    "DELETE /api/v1/channels/{id}",
                    "POST /api/v1/channels/{id}/test" -> new Call(
                    template.replace("{id}", made(tenant, "/api/v1/channels", channel(tenant, "ops"))), null);
            case "POST /api/v1/routes" -> new Call(template, route(tenant));
            case "GET /api/v1/routes/{id}", "DELETE /api/v1/routes/{id}" -> new Call(
                    template.replace("{id}", made(tenant, "/api/v1/routes", route(tenant))), null);
            case "PUT /api/v1/routes/{id}" -> new Call(
                    template.replace("{id}", made(tenant, "/api/v1/routes", route(tenant))), route(tenant));
            case "POST /api/v1/routes/test" -> new Call(template, "{\"labels\":{\"tenant\":\"" + tenant + "\"}}");
            case "POST /api/v1/silences" -> new Call(template, silence(tenant));
            case "GET /api/v1/silences/{id}", "POST /api/v1/silences/{id}/expire" -> new Call(
                    template.replace("{id}", made(tenant, "/api/v1/silences", silence(tenant))), null);
            case "POST /api/v1/inhibit-rules" -> new Call(template, inhibitRule(tenant));
            case "GET /api/v1/inhibit-rules/{id}", "DELETE /api/v1/inhibit-rules/{id}" -> new Call(
                    template.replace("{id}", made(tenant, "/api/v1/inhibit-rules", inhibitRule(tenant))), null);
            case "POST /api/v1/actions" -> new Call(template, action(tenant, "new-" + UUID.randomUUID()));
            case "GET /api/v1/actions/{id}", "DELETE /api/v1/actions/{id}" -> new Call(
                    template.replace("{id}", made(tenant, "/api/v1/actions", action(tenant, "restart"))), null);
            case "POST /api/v1/alerts/{id}/handle" -> new Call(template.replace("{id}", alert(tenant)), null);
            default -> null;
        };
    }

    /** The tenant's one object of a collection, created by the tenant's admin with {@code body}. */
    private String made(String tenant, String collection, String body) {
        return made.computeIfAbsent(tenant + collection, k -> given().header(
                        "Authorization", TestTokens.bearerForTenant("fixture", tenant, "admin"))
                .contentType(ContentType.JSON)
                .body(body)
                .post(collection)
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    private static String channel(String tenant, String name) {
        return "{\"name\":\"" + name + "\",\"tenant\":\"" + tenant
                + "\",\"type\":\"email\",\"emails\":[\"ops@example.com\"]}";
    }

    private static String route(String tenant) {
        return "{\"name\":\"mine\",\"tenant\":\"" + tenant
                + "\",\"matchers\":[{\"label\":\"app\",\"op\":\"=\",\"value\":\"matrix\"}]}";
    }

    private static String silence(String tenant) {
        return "{\"tenant\":\"" + tenant + "\",\"matchers\":[{\"label\":\"app\",\"op\":\"=\",\"value\":\"matrix\"}],"
                + "\"endsAt\":\"" + Instant.now().plusSeconds(3600) + "\",\"comment\":\"maintenance\"}";
    }

    private static String inhibitRule(String tenant) {
        return "{\"name\":\"down mutes slow\",\"tenant\":\"" + tenant + "\","
                + "\"sourceMatchers\":[{\"label\":\"alertname\",\"op\":\"=\",\"value\":\"down\"}],"
                + "\"targetMatchers\":[{\"label\":\"alertname\",\"op\":\"=\",\"value\":\"slow\"}]}";
    }

    private static String action(String tenant, String name) {
        return "{\"name\":\"" + name + "\",\"tenant\":\"" + tenant + "\",\"type\":\"k8s_rollout_restart\","
                + "\"matchers\":[{\"label\":\"app\",\"op\":\"=\",\"value\":\"matrix-nothing\"}],"
                + "\"target\":{\"namespace\":\"" + tenant + "\",\"name\":\"api\"}}";
    }

    /** An alert of the tenant the notifier has seen (handling it is then possible). */
    private String alert(String tenant) {
        return made.computeIfAbsent(tenant + " alert", k -> {
            AlertEvent alert = NotifierFixture.alert(
                    UUID.randomUUID().toString(), "matrix", Severity.INFO, Map.of("tenant", tenant));
            NotifierFixture.publish(kafka, alert);
            RequestSpecification operator = given().header("Authorization", TestTokens.bearer("fixture", "operator"));
            Waits.flow()
                    .until(() -> operator.post("/api/v1/alerts/" + alert.alertId() + "/handle")
                                    .statusCode()
                            == 200);
            return alert.alertId().toString();
        });
    }
}
