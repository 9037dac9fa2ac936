package io.watchkeeper.iam;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.watchkeeper.testsupport.AuthzMatrix.Call;
import io.watchkeeper.testsupport.AuthzMatrix.TenantFixture;
import io.watchkeeper.testsupport.TestTokens;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** iam-service's operations as a tenant calls them, on that tenant's account and user (made on first use). */
public class IamTenantFixture implements TenantFixture {

    private final Map<String, String> accounts = new HashMap<>();
    private final Map<String, String> users = new HashMap<>();
    private final Map<String, String> keys = new HashMap<>();

    @Override
    public Call call(String method, String template, String tenant) {
        return switch (method + " " + template) {
            case "POST /api/v1/cloud-accounts" -> new Call(
                    template,
                    """
                    {"name":"matrix-%s","accessKeyId":"%s","secretAccessKey":"%s","tenant":"%s"}"""
                            .formatted(UUID.randomUUID(), IamRequests.MAIN_AK, IamRequests.MAIN_SK, tenant));
            case "GET /api/v1/cloud-accounts/{id}",
                    "GET /api/v1/cloud-accounts/{id}/projects",
                    "POST /api/v1/cloud-accounts/{id}/test" -> new Call(
                    template.replace("{id}", account(tenant)), null);
            case "POST /api/v1/iam-users" -> new Call(
                    template,
                    "{\"accountId\":\"%s\",\"userName\":\"%s\",\"tenant\":\"%s\"}"
                            .formatted(account(tenant), IamRequests.uniqueName("matrix"), tenant));
            case "POST /api/v1/iam-users/sync" -> new Call(
                    template, "{\"accountId\":\"%s\",\"tenant\":\"%s\"}".formatted(account(tenant), tenant));
            case "GET /api/v1/iam-users/{id}",
                    "GET /api/v1/iam-users/{id}/actions",
                    "DELETE /api/v1/iam-users/{id}",
                    "POST /api/v1/iam-users/{id}/access-keys",
                    "POST /api/v1/iam-users/{id}/disable",
                    "POST /api/v1/iam-users/{id}/enable" -> new Call(template.replace("{id}", user(tenant)), null);
            case "POST /api/v1/iam-users/{id}/policies/{policy}",
                    "DELETE /api/v1/iam-users/{id}/policies/{policy}" -> new Call(
                    template.replace("{id}", user(tenant)).replace("{policy}", "ArkFullAccess"), null);
            case "POST /api/v1/api-keys" -> new Call(
                    template,
                    "{\"name\":\"matrix\",\"scopes\":[\"ingest:usage\"],\"tenant\":\"%s\"}".formatted(tenant));
            case "GET /api/v1/api-keys/{id}", "DELETE /api/v1/api-keys/{id}" -> new Call(
                    template.replace("{id}", apiKey(tenant)), null);
            default -> null;
        };
    }

    private String account(String tenant) {
        return accounts.computeIfAbsent(tenant, t -> IamRequests.account(as(t)));
    }

    private String apiKey(String tenant) {
        return keys.computeIfAbsent(tenant, t -> as(t).body("{\"name\":\"matrix\",\"scopes\":[\"ingest:usage\"]}")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    private String user(String tenant) {
        return users.computeIfAbsent(tenant, t -> as(t).body("{\"accountId\":\"%s\",\"userName\":\"%s\"}"
                        .formatted(account(t), IamRequests.uniqueName("matrix")))
                .post("/api/v1/iam-users")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    private static io.restassured.specification.RequestSpecification as(String tenant) {
        return given().header("Authorization", TestTokens.bearerForTenant("fixture", tenant, "admin"))
                .contentType(ContentType.JSON);
    }
}
