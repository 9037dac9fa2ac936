package io.watchkeeper.quota;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.watchkeeper.testsupport.TestTokens;

/** Requests the quota-service tests make: an admin and a viewer (platform tokens), a prepaid quota, a problem check. */
public final class QuotaRequests {

    private QuotaRequests() {}

    /**
     * Sets the platform's quota settings to the built-in ones (50 / 80 / 90, monitored, not auto-disabled): they are
     * shared by every test of the run, and the fuzz changes them too.
     */
    public static void knownPlatformSettings() {
        admin().body("{\"thresholds\":[50,80,90],\"monitor\":true,\"autoDisable\":false}")
                .put("/api/v1/quota-settings")
                .then()
                .statusCode(200);
    }

    public static void problem(io.restassured.response.Response response, int status, String field) {
        response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    public static String prepaid(String subject, String thresholds) {
        return """
                {"subject":{"type":"cloud_subaccount","id":"%s"},"tenant":null,"metric":"cloud_spend_month_to_date",
                 "labels":{"sub_account":"%s"},"unit":"CNY","thresholds":%s,"kind":"prepaid",
                 "initialAllocation":100.50}"""
                .formatted(subject, subject, thresholds);
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", TestTokens.bearer("alice", "admin"))
                .contentType(ContentType.JSON);
    }

    public static RequestSpecification viewer() {
        return given().header("Authorization", TestTokens.bearer("vera", "viewer"));
    }
}
