package io.watchkeeper.collector;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.watchkeeper.testsupport.AuthzMatrix.Call;
import io.watchkeeper.testsupport.AuthzMatrix.TenantFixture;
import io.watchkeeper.testsupport.TestTokens;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The collector's operations as a tenant calls them, on that tenant's objects (made on first use). */
class CollectorTenantFixture implements TenantFixture {

    private final Map<String, String> sources = new HashMap<>();

    @Override
    public Call call(String method, String template, String tenant) {
        return switch (method + " " + template) {
            case "POST /api/v1/sources" -> new Call(template, source(tenant, "new-" + UUID.randomUUID()));
            case "GET /api/v1/sources/{id}",
                    "DELETE /api/v1/sources/{id}",
                    "GET /api/v1/sources/{id}/history",
                    "GET /api/v1/sources/{id}/bills",
                    "POST /api/v1/sources/{id}/refresh" -> new Call(template.replace("{id}", source(tenant)), null);
            case "PUT /api/v1/sources/{id}" -> new Call(
                    template.replace("{id}", source(tenant)), source(tenant, "shop"));
                // acts on the caller's own tenant's sources: there is nothing of another tenant's to name
            case "POST /api/v1/sources/refresh" -> new Call(template, null);
            case "POST /api/v1/ping-keys" -> new Call(template, "{\"name\":\"cron\",\"tenant\":\"" + tenant + "\"}");
            case "POST /api/v1/ingest/usage" -> new Call(
                    template,
                    "[{\"tenant\":\"" + tenant
                            + "\",\"app\":\"chat\",\"calls\":1,\"errors\":0,\"observedAt\":\"2026-11-20T10:00:00Z\"}]");
            case "POST /api/v1/ingest/energy" -> new Call(
                    template,
                    "[{\"readingId\":\"" + UUID.randomUUID()
                            + "\",\"energyType\":\"electricity\",\"deviceId\":\"m\",\"value\":1,\"unit\":\"kWh\","
                            + "\"readAt\":\"2026-11-20T10:00:00Z\",\"labels\":{\"tenant\":\"" + tenant + "\"}}]");
            case "POST /api/v2/alerts" -> new Call(
                    template, "[{\"labels\":{\"alertname\":\"x\",\"tenant\":\"" + tenant + "\"}}]");
                // the trade monitor's body names no tenant: the event is always the caller's tenant's
            case "POST /api/events/notify" -> new Call(template, null);
            default -> null;
        };
    }

    private String source(String tenant) {
        return sources.computeIfAbsent(
                tenant, t -> given().header("Authorization", TestTokens.bearerForTenant("fixture", t, "admin"))
                        .contentType(ContentType.JSON)
                        .body(source(t, "shop"))
                        .post("/api/v1/sources")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
    }

    private static String source(String tenant, String name) {
        return "{\"name\":\"" + name + "\",\"tenant\":\"" + tenant + "\",\"provider\":\"openrouter\","
                + "\"credential\":\"sk-or-v1-abcdefghijklmnop1234\",\"enabled\":false}";
    }
}
