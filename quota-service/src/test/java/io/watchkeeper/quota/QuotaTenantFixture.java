package io.watchkeeper.quota;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.watchkeeper.testsupport.AuthzMatrix.Call;
import io.watchkeeper.testsupport.AuthzMatrix.TenantFixture;
import io.watchkeeper.testsupport.TestTokens;
import java.util.HashMap;
import java.util.Map;

/** quota-service's operations as a tenant calls them, on that tenant's prepaid quota (made on first use). */
public class QuotaTenantFixture implements TenantFixture {

    private final Map<String, String> quotas = new HashMap<>();

    @Override
    public Call call(String method, String template, String tenant) {
        return switch (method + " " + template) {
            case "POST /api/v1/quotas" -> new Call(template, quota(tenant, "app-new"));
            case "GET /api/v1/quotas/{id}",
                    "DELETE /api/v1/quotas/{id}",
                    "GET /api/v1/quotas/{id}/allocations" -> new Call(template.replace("{id}", quota(tenant)), null);
            case "PUT /api/v1/quotas/{id}" -> new Call(
                    template.replace("{id}", quota(tenant)), quota(tenant, "app-renamed"));
            case "POST /api/v1/quotas/{id}/allocations" -> new Call(
                    template.replace("{id}", quota(tenant)), "{\"amount\":10,\"note\":\"matrix\"}");
            case "PUT /api/v1/quota-settings" -> new Call(
                    template,
                    "{\"thresholds\":[50,80,90],\"monitor\":true,\"autoDisable\":false,\"tenant\":\"%s\"}"
                            .formatted(tenant));
            default -> null;
        };
    }

    private String quota(String tenant) {
        return quotas.computeIfAbsent(
                tenant, t -> given().header("Authorization", TestTokens.bearerForTenant("fixture", t, "admin"))
                        .contentType(ContentType.JSON)
                        .body(quota(t, "app-matrix"))
                        .post("/api/v1/quotas")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
    }

    static String quota(String tenant, String app) {
        return """
                {"subject":{"type":"app","id":"%s"},"tenant":"%s","metric":"usage_cost","unit":"USD",
                 "kind":"prepaid","initialAllocation":100}"""
                .formatted(app, tenant);
    }
}
