package io.watchkeeper.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.watchkeeper.testsupport.OidcStub;
import io.watchkeeper.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two tenants side by side through the gateway only, the packaged services as processes on the real broker and
 * database: each configures its sources, rules, channels and routes, sends usage that fires its rule, and gets its
 * alert on its own channel. Neither tenant's token shows a row of the other anywhere, nor reaches one by id; the
 * request id the gateway gave a change is in the log of the service that made it.
 */
class TenantIsolationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> TENANTS = List.of("acme-" + RUN, "globex-" + RUN);

    private static Services services;
    private static WireMockServer stubs;
    private static String issuer;
    private static ServiceProcess evaluator;
    private static ServiceProcess gateway;

    @BeforeAll
    static void startServices() throws Exception {
        stubs = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        stubs.start();
        issuer = OidcStub.serve(stubs, "e2e-tenants");
        services = new Services(issuer);
        ServiceProcess collector = services.start("collector-service", services.database("collector"), Map.of());
        evaluator = services.start(
                "evaluator-service",
                services.database("evaluator"),
                Map.of("WK_EVALUATOR_GROUP", "e2e-evaluator-" + RUN, "WK_EVALUATOR_TICK", "1s"));
        ServiceProcess notifier = services.start(
                "notifier-service",
                services.database("notifier"),
                Map.of("WK_NOTIFIER_GROUP", "e2e-notifier-" + RUN, "WK_ALLOWED_HOSTS", "127.0.0.1,localhost"));
        gateway = services.start(
                "api-gateway",
                services.database("gateway"),
                Map.of(
                        "WK_COLLECTOR_URL",
                        collector.url(),
                        "WK_EVALUATOR_URL",
                        evaluator.url(),
                        "WK_NOTIFIER_URL",
                        notifier.url(),
                        "WK_QUOTA_URL",
                        "http://127.0.0.1:1",
                        "WK_IAM_URL",
                        "http://127.0.0.1:1"));
        services.awaitReady();
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (services != null) {
            services.close();
        }
        if (stubs != null) {
            stubs.stop();
        }
    }

    @Test
    void each_tenant_sees_and_reaches_only_its_own_rows_and_alerts() throws Exception {
        Map<String, Map<String, String>> ids = new HashMap<>();
        for (String tenant : TENANTS) {
            ids.put(tenant, configure(tenant));
        }
        for (String tenant : TENANTS) {
            as(tenant, "operator")
                    .body("[{\"tenant\":\"" + tenant + "\",\"app\":\"shop\",\"calls\":100,\"errors\":60,"
                            + "\"observedAt\":\"" + Instant.now() + "\"}]")
                    .post("/api/v1/ingest/usage")
                    .then()
                    .statusCode(202);
        }

        // each tenant's receiver gets its own alert, and only its own
        for (String tenant : TENANTS) {
            String path = "/receiver/" + tenant;
            await().atMost(Duration.ofSeconds(60)).until(() -> !stubs.findAll(postRequestedFor(urlPathEqualTo(path)))
                    .isEmpty());
            for (var request : stubs.findAll(postRequestedFor(urlPathEqualTo(path)))) {
                for (JsonNode alert : JSON.readTree(request.getBodyAsString()).path("alerts")) {
                    assertThat(alert.path("labels").path("tenant").asText())
                            .as("an alert on " + tenant + "'s channel")
                            .isEqualTo(tenant);
                }
            }
        }
        String acme = TENANTS.get(0);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> as(acme, "viewer")
                                .get("/api/v1/deliveries")
                                .then()
                                .extract()
                                .<List<Object>>path("items")
                                .size()
                        >= 1);
        ids.get(acme)
                .put(
                        "alerts",
                        as(acme, "viewer")
                                .get("/api/v1/alerts")
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("items[0].id"));

        // no list of either tenant shows a row of the other
        for (String tenant : TENANTS) {
            for (String list : List.of(
                    "sources",
                    "rules",
                    "alerts",
                    "channels",
                    "routes",
                    "deliveries",
                    "ping-keys",
                    "heartbeats",
                    "silences",
                    "actions",
                    "quota-usage",
                    "audit")) {
                String body = as(tenant, "admin")
                        .get("/api/v1/" + list)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString();
                for (String other : TENANTS) {
                    if (!other.equals(tenant)) {
                        assertThat(body).as(tenant + "'s " + list).doesNotContain(other);
                    }
                }
            }
        }
        // nor reaches one by id: 404, as if it did not exist
        String globex = TENANTS.get(1);
        for (Map.Entry<String, String> own : ids.get(acme).entrySet()) {
            as(globex, "admin")
                    .get("/api/v1/" + own.getKey() + "/" + own.getValue())
                    .then()
                    .statusCode(404);
        }
        as(globex, "admin")
                .delete("/api/v1/rules/" + ids.get(acme).get("rules"))
                .then()
                .statusCode(404);
        as(globex, "operator")
                .post("/api/v1/alerts/" + ids.get(acme).get("alerts") + "/ack")
                .then()
                .statusCode(404);

        // the change made under a request id is in the service's log with it
        as(acme, "admin")
                .header("X-Request-Id", "e2e-" + RUN)
                .get("/api/v1/rules/" + ids.get(acme).get("rules"))
                .then()
                .statusCode(200)
                .header("X-Request-Id", "e2e-" + RUN);
        await().atMost(Duration.ofSeconds(10)).until(() -> evaluator.log().contains("request=e2e-" + RUN));
        // and every change through the gateway is in the audit log, for the tenant it was made in
        assertThat(as(acme, "admin")
                        .get("/api/v1/audit?size=100")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<String>>path("items.path"))
                .contains(
                        "/api/v1/rules",
                        "/api/v1/channels",
                        "/api/v1/routes",
                        "/api/v1/sources",
                        "/api/v1/ingest/usage");
    }

    /** The tenant's source, rule, channel and route, made through the gateway; their ids by collection. */
    private static Map<String, String> configure(String tenant) {
        String path = "/receiver/" + tenant;
        stubs.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        Map<String, String> ids = new HashMap<>();
        ids.put(
                "sources",
                as(tenant, "admin")
                        .body("{\"name\":\"shop\",\"provider\":\"openrouter\","
                                + "\"credential\":\"sk-or-v1-abcdefghijklmnop1234\",\"enabled\":false}")
                        .post("/api/v1/sources")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
        ids.put(
                "rules",
                as(tenant, "admin")
                        .body(
                                "{\"name\":\"errors\",\"type\":\"threshold\",\"cooldownMinutes\":0,"
                                        + "\"matchers\":[{\"label\":\"app\",\"op\":\"=\",\"value\":\"shop\"}],"
                                        + "\"condition\":{\"metric\":\"usage_errors\",\"window\":\"10m\",\"operator\":\">\",\"threshold\":10}}")
                        .post("/api/v1/rules")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
        ids.put(
                "channels",
                as(tenant, "admin")
                        .body("{\"name\":\"receiver\",\"type\":\"alertmanager_webhook\"," + "\"webhookUrl\":\""
                                + stubs.baseUrl() + path + "\"}")
                        .post("/api/v1/channels")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
        ids.put(
                "routes",
                as(tenant, "admin")
                        .body("{\"name\":\"shop\",\"matchers\":[{\"label\":\"app\",\"op\":\"=\","
                                + "\"value\":\"shop\"}],\"channelIds\":[\"" + ids.get("channels")
                                + "\"],\"groupWait\":\"0s\"}")
                        .post("/api/v1/routes")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
        return ids;
    }

    private static RequestSpecification as(String tenant, String role) {
        return given().baseUri(gateway.url())
                .contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + TestTokens.token(issuer, tenant + "-" + role, tenant, role));
    }
}
