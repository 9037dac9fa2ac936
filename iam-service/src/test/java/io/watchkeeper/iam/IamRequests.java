package io.watchkeeper.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.watchkeeper.testsupport.TestTokens;
import java.util.UUID;

/** Requests the iam-service tests make: tokens, a registered main account, a created user, a problem check. */
public final class IamRequests {

    public static final String MAIN_AK = "AKLTmainAccountKey0001";
    public static final String MAIN_SK = "bWFpbi1hY2NvdW50LXNlY3JldC0wMDAx";

    private IamRequests() {}

    public static RequestSpecification admin() {
        return given().header("Authorization", TestTokens.bearer("alice", "admin"))
                .contentType(ContentType.JSON);
    }

    public static RequestSpecification operator() {
        return given().header("Authorization", TestTokens.bearer("oscar", "operator"))
                .contentType(ContentType.JSON);
    }

    public static RequestSpecification viewer() {
        return given().header("Authorization", TestTokens.bearer("vera", "viewer"));
    }

    public static RequestSpecification acmeAdmin() {
        return given().header("Authorization", TestTokens.bearerForTenant("ada", "acme", "admin"))
                .contentType(ContentType.JSON);
    }

    public static void problem(io.restassured.response.Response response, int status, String field) {
        response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    /** A main account with the stub's keys, named uniquely; its id. */
    public static String account(RequestSpecification as) {
        return as.body(
                        """
                        {"name":"main-%s","accessKeyId":"%s","secretAccessKey":"%s","region":"cn-beijing"}"""
                                .formatted(UUID.randomUUID(), MAIN_AK, MAIN_SK))
                .post("/api/v1/cloud-accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A user created through the API; its id. */
    public static String user(String accountId, String userName) {
        return admin().body("{\"accountId\":\"%s\",\"userName\":\"%s\"}".formatted(accountId, userName))
                .post("/api/v1/iam-users")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
