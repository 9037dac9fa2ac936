package io.watchkeeper.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.route.RoutingTree;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A tenant's channels, routes, silences, inhibit rules and actions concern its own tenant's alerts only, and a
 * tenant's token sees and changes its own tenant's only: another tenant's are 404 and stay as they were.
 */
@NotifierTest
class TenantIsolationTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String acme = "acme-" + run;
    private final String globex = "globex-" + run;

    @Test
    void a_tenants_route_takes_its_own_tenants_alerts_only_and_its_deliveries_are_hidden_from_others() {
        String path = "/receiver/" + run;
        wireMock.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String channel = as(acme, "admin")
                .body("""
                {"name":"receiver","type":"alertmanager_webhook","webhookUrl":"%s%s"}"""
                        .formatted(wireMock.baseUrl(), path))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .body("tenant", equalTo(acme))
                .extract()
                .path("id");
        String route = as(acme, "admin")
                .body(
                        """
                {"name":"mine","matchers":[{"label":"test_route","op":"=","value":"%s"}],"channelIds":["%s"],
                 "continueMatching":true}"""
                                .formatted(run, channel))
                .post("/api/v1/routes")
                .then()
                .statusCode(201)
                .body("tenant", equalTo(acme))
                .body("matchers.value", hasItem(acme))
                .extract()
                .path("id");

        AlertEvent ours = NotifierFixture.alert(run, "disk", Severity.WARNING, Map.of("tenant", acme));
        AlertEvent theirs = NotifierFixture.alert(run, "disk", Severity.WARNING, Map.of("tenant", globex));
        NotifierFixture.publish(kafka, theirs);
        NotifierFixture.publish(kafka, ours);
        Waits.flow()
                .until(
                        () -> as(acme, "viewer")
                                .queryParam("alertId", ours.alertId().toString())
                                .get("/api/v1/deliveries")
                                .then()
                                .extract()
                                .path("items.status"),
                        s -> List.of("sent").equals(s));
        // globex's alert had the same test_route label: acme's route did not take it (the default route did)
        as(null, "viewer")
                .queryParam("alertId", theirs.alertId().toString())
                .get("/api/v1/deliveries")
                .then()
                .statusCode(200)
                .body("items.channelId", not(hasItem(channel)));

        as(globex, "viewer")
                .queryParam("alertId", ours.alertId().toString())
                .get("/api/v1/deliveries")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        as(globex, "operator")
                .post("/api/v1/alerts/" + ours.alertId() + "/handle")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        as(acme, "operator")
                .post("/api/v1/alerts/" + ours.alertId() + "/handle")
                .then()
                .statusCode(200);

        as(globex, "viewer").get("/api/v1/channels/" + channel).then().statusCode(404);
        as(globex, "operator")
                .post("/api/v1/channels/" + channel + "/test")
                .then()
                .statusCode(404);
        as(globex, "admin").delete("/api/v1/channels/" + channel).then().statusCode(404);
        as(globex, "viewer").get("/api/v1/routes/" + route).then().statusCode(404);
        as(globex, "admin")
                .body("{\"name\":\"taken\"}")
                .put("/api/v1/routes/" + route)
                .then()
                .statusCode(404);
        as(globex, "admin").delete("/api/v1/routes/" + route).then().statusCode(404);
        as(globex, "viewer")
                .get("/api/v1/channels?size=500")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(channel)));
        as(globex, "viewer").get("/api/v1/routes").then().statusCode(200).body("items.id", not(hasItem(route)));
        as(acme, "viewer")
                .get("/api/v1/routes")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(route))); // not the default route, nor anyone else's
        as(acme, "viewer")
                .get("/api/v1/routes/" + RoutingTree.DEFAULT_ID_TEXT)
                .then()
                .statusCode(404);

        // globex may neither hang a route below acme's nor send to acme's channel
        as(globex, "admin")
                .body("{\"name\":\"x\",\"parentId\":\"" + route + "\"}")
                .post("/api/v1/routes")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("parentId"));
        as(globex, "admin")
                .body("{\"name\":\"x\",\"channelIds\":[\"" + channel + "\"]}")
                .post("/api/v1/routes")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("channelIds"));

        // a routing test asks about the caller's tenant's alerts and shows its routes only
        as(acme, "viewer")
                .body("{\"labels\":{\"test_route\":\"" + run + "\"}}")
                .post("/api/v1/routes/test")
                .then()
                .statusCode(200)
                .body("routes.routeId", equalTo(List.of(route)));
        as(acme, "viewer")
                .body("{\"labels\":{\"tenant\":\"" + globex + "\"}}")
                .post("/api/v1/routes/test")
                .then()
                .statusCode(403);
    }

    @Test
    void silences_inhibit_rules_and_actions_are_the_tenants_own() {
        String silence = as(acme, "operator")
                .body(
                        """
                {"matchers":[{"label":"alertname","op":"=","value":"disk"}],"endsAt":"%s","comment":"maintenance"}"""
                                .formatted(Instant.now().plusSeconds(3600)))
                .post("/api/v1/silences")
                .then()
                .statusCode(201)
                .body("tenant", equalTo(acme))
                .body("matchers.value", hasItem(acme))
                .extract()
                .path("id");
        as(globex, "viewer").get("/api/v1/silences/" + silence).then().statusCode(404);
        as(globex, "operator")
                .post("/api/v1/silences/" + silence + "/expire")
                .then()
                .statusCode(404);
        as(globex, "viewer").get("/api/v1/silences").then().statusCode(200).body("items.id", not(hasItem(silence)));
        as(acme, "viewer")
                .get("/api/v1/silences/" + silence)
                .then()
                .statusCode(200)
                .body("state", equalTo("active"));

        String inhibit = as(acme, "admin")
                .body(
                        """
                {"name":"node down mutes disk","sourceMatchers":[{"label":"alertname","op":"=","value":"node_down"}],
                 "targetMatchers":[{"label":"alertname","op":"=","value":"disk"}],"equal":["host"]}""")
                .post("/api/v1/inhibit-rules")
                .then()
                .statusCode(201)
                .body("sourceMatchers.value", hasItem(acme))
                .body("targetMatchers.value", hasItem(acme))
                .extract()
                .path("id");
        as(globex, "admin").delete("/api/v1/inhibit-rules/" + inhibit).then().statusCode(404);
        as(globex, "viewer")
                .get("/api/v1/inhibit-rules")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(inhibit)));

        String action =
                """
                {"name":"restart","type":"k8s_rollout_restart","matchers":[{"label":"alertname","op":"=","value":"disk"}],
                 "target":{"namespace":"%s","name":"api"}}""";
        as(acme, "admin")
                .body(action.formatted("payments"))
                .post("/api/v1/actions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("target.namespace"));
        String id = as(acme, "admin")
                .body(action.formatted(acme + "-prod"))
                .post("/api/v1/actions")
                .then()
                .statusCode(201)
                .body("tenant", equalTo(acme))
                .body("matchers.value", hasItem(acme))
                .extract()
                .path("id");
        as(globex, "admin").delete("/api/v1/actions/" + id).then().statusCode(404);
        as(globex, "viewer")
                .get("/api/v1/actions")
                .then()
                .statusCode(200)
                .body("items.tenant", everyItem(equalTo(globex)));
        as(acme, "viewer").get("/api/v1/actions").then().statusCode(200).body("items.id", hasItem(id));

        // nobody creates for another tenant
        as(acme, "admin")
                .body("{\"name\":\"x\",\"type\":\"email\",\"emails\":[\"a@example.com\"],\"tenant\":\"" + globex
                        + "\"}")
                .post("/api/v1/channels")
                .then()
                .statusCode(403);
        as(acme, "operator")
                .body("{\"tenant\":\"" + globex + "\",\"matchers\":[{\"label\":\"a\",\"op\":\"=\",\"value\":\"b\"}],"
                        + "\"endsAt\":\"" + Instant.now().plusSeconds(60) + "\",\"comment\":\"x\"}")
                .post("/api/v1/silences")
                .then()
                .statusCode(403);
        as(acme, "viewer")
                .queryParam("tenant", globex)
                .get("/api/v1/deliveries")
                .then()
                .statusCode(403);
    }

    private static RequestSpecification as(String tenant, String role) {
        return given().header("Authorization", TestTokens.bearerAs(tenant, role))
                .contentType(ContentType.JSON);
    }
}
