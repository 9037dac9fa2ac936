package io.watchkeeper.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real Keycloak deploy/local/test.sh starts (realm {@code watchkeeper} of deploy/local/keycloak, users admin,
 * operator, viewer, acme-admin with password = name): its issuer, tokens by password grant, and its admin API for
 * what a test must change (the console's redirect address carries the gateway's port of the run).
 */
final class LocalKeycloak {

    static final String REALM = "watchkeeper";
    static final String CONSOLE_CLIENT = "watchkeeper-console";

    private final String url;
    private final String adminPassword;
    /** The console client's secret, which test.sh gave Keycloak's realm (the gateway needs the same). */
    final String consoleSecret;

    private LocalKeycloak(String url, String adminPassword, String consoleSecret) {
        this.url = url;
        this.adminPassword = adminPassword;
        this.consoleSecret = consoleSecret;
    }

    /** The Keycloak of this test run; fails with how to get one when the environment names none. */
    static LocalKeycloak fromEnvironment() {
        String url = System.getenv("WK_TEST_KEYCLOAK_URL");
        String password = System.getenv("WK_TEST_KEYCLOAK_ADMIN_PASSWORD");
        String consoleSecret = System.getenv("WK_TEST_CONSOLE_CLIENT_SECRET");
        if (url == null || password == null || consoleSecret == null) {
            throw new IllegalStateException(
                    "WK_TEST_KEYCLOAK_URL, WK_TEST_KEYCLOAK_ADMIN_PASSWORD and "
                            + "WK_TEST_CONSOLE_CLIENT_SECRET are not set: run the tests through deploy/local/test.sh, which starts Keycloak");
        }
        return new LocalKeycloak(url, password, consoleSecret);
    }

    String issuer() {
        return url + "/realms/" + REALM;
    }

    /** An access token for a realm user (the CLI client's password grant). */
    String token(String user) {
        return given().contentType(ContentType.URLENC)
                .formParams(Map.of(
                        "grant_type", "password", "client_id", "watchkeeper-cli", "username", user, "password", user))
                .post(issuer() + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /** Lets the console client send people back to {@code consoleUrl} after they sign in (and sign out). */
    void allowConsoleAt(String consoleUrl) {
        String admin = given().contentType(ContentType.URLENC)
                .formParams(Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "admin-cli",
                        "username",
                        "kcadmin",
                        "password",
                        adminPassword))
                .post(url + "/realms/master/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        String clients = url + "/admin/realms/" + REALM + "/clients";
        Map<String, Object> client = given().auth()
                .oauth2(admin)
                .queryParam("clientId", CONSOLE_CLIENT)
                .get(clients)
                .then()
                .statusCode(200)
                .extract()
                .path("[0]");
        List<String> redirects = new ArrayList<>((List<String>) client.get("redirectUris"));
        if (!redirects.contains(consoleUrl + "/*")) {
            redirects.add(consoleUrl + "/*");
            redirects.add(consoleUrl);
        }
        client.put("redirectUris", redirects);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(client)
                .put(clients + "/" + client.get("id"))
                .then()
                .statusCode(204);
    }
}
