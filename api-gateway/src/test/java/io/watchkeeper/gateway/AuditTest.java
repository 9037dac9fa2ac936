package io.watchkeeper.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every change tried through the gateway, answered or refused, lands in the append-only audit log in the database. */
@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
@QuarkusTestResource(ServiceStubs.class)
class AuditTest {

    ServiceStubs services;

    @Inject
    Pool database;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String acme = "acme-" + run;

    @BeforeEach
    void answer() {
        services.resetAll();
        services.of("evaluator").stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void a_change_is_recorded_with_who_what_the_answer_and_the_request_id() {
        String ruleId = UUID.randomUUID().toString();
        services.of("evaluator")
                .stubFor(post(urlPathEqualTo("/api/v1/rules"))
                        .willReturn(aResponse()
                                .withStatus(201)
                                .withHeader("Location", "/api/v1/rules/" + ruleId)
                                .withBody("{}")));
        String requestId = given().header("Authorization", TestTokens.bearerForTenant("ada-" + run, acme, "admin"))
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .extract()
                .header("X-Request-Id");
        given().header("Authorization", TestTokens.bearerForTenant("ada-" + run, acme, "admin"))
                .get("/api/v1/rules")
                .then()
                .statusCode(200); // a read: not a change

        List<Map<String, Object>> entries = entriesOf("ada-" + run, 1);
        assertThat(entries.get(0))
                .containsEntry("actor", "ada-" + run)
                .containsEntry("tenant", acme)
                .containsEntry("roles", "admin")
                .containsEntry("method", "POST")
                .containsEntry("path", "/api/v1/rules")
                .containsEntry("target", ruleId)
                .containsEntry("status", 201)
                .containsEntry("requestId", requestId);
        assertThat((String) entries.get(0).get("traceId")).matches("[0-9a-f]{32}");
    }

    @Test
    void refused_changes_are_recorded_too() {
        String target = UUID.randomUUID().toString();
        services.of("evaluator")
                .stubFor(delete(urlPathEqualTo("/api/v1/rules/" + target))
                        .willReturn(aResponse().withStatus(403).withBody("{}")));
        given().header("Authorization", TestTokens.bearer("vic-" + run, "viewer"))
                .delete("/api/v1/rules/" + target)
                .then()
                .statusCode(403);
        given().header("X-Request-Id", "anon-" + run)
                .delete("/api/v1/rules/" + target)
                .then()
                .statusCode(401);

        Map<String, Object> refused = entriesOf("vic-" + run, 1).get(0);
        assertThat(refused)
                .containsEntry("status", 403)
                .containsEntry("target", target)
                .containsEntry("roles", "viewer");
        await().atMost(Duration.ofSeconds(10)).until(() -> !asAdmin()
                .queryParam("who", "anonymous")
                .queryParam("path", "/api/v1/rules/" + target)
                .get("/api/v1/audit")
                .then()
                .extract()
                .<List<Object>>path("items")
                .isEmpty());
        asAdmin()
                .queryParam("who", "anonymous")
                .queryParam("path", "/api/v1/rules/" + target)
                .get("/api/v1/audit")
                .then()
                .body("items[0].status", equalTo(401))
                .body("items[0].requestId", equalTo("anon-" + run));
    }

    @Test
    void only_admins_read_the_log_and_a_tenants_admin_reads_its_own_tenants_entries() {
        given().header("Authorization", TestTokens.bearerForTenant("ada-" + run, acme, "admin"))
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/rules")
                .then()
                .statusCode(200);
        entriesOf("ada-" + run, 1);

        given().header("Authorization", TestTokens.bearer("vic", "viewer"))
                .get("/api/v1/audit")
                .then()
                .statusCode(403);
        given().header("Authorization", TestTokens.bearerForTenant("gus", "globex-" + run, "admin"))
                .queryParam("who", "ada-" + run)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().header("Authorization", TestTokens.bearerForTenant("gus", "globex-" + run, "admin"))
                .queryParam("tenant", acme)
                .get("/api/v1/audit")
                .then()
                .statusCode(403);
        given().header("Authorization", TestTokens.bearerForTenant("ada-" + run, acme, "admin"))
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("items.tenant", everyItem(equalTo(acme)));
    }

    @Test
    void the_log_cannot_be_changed_or_emptied_even_by_someone_with_database_access() {
        given().header("Authorization", TestTokens.bearer("ada-" + run, "admin"))
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/rules")
                .then()
                .statusCode(200);
        entriesOf("ada-" + run, 1);
        for (String sql : List.of(
                "UPDATE audit_entry SET actor = 'someone else'", "DELETE FROM audit_entry", "TRUNCATE audit_entry")) {
            assertThatThrownBy(() -> database.query(sql).execute().await().atMost(Duration.ofSeconds(10)))
                    .as(sql)
                    .hasMessageContaining("append-only");
        }
        entriesOf("ada-" + run, 1);
    }

    private static io.restassured.specification.RequestSpecification asAdmin() {
        return given().header("Authorization", TestTokens.bearer("auditor", "admin"));
    }

    /** The actor's entries once there are {@code count}, newest first. */
    private List<Map<String, Object>> entriesOf(String actor, int count) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> asAdmin()
                                .queryParam("who", actor)
                                .get("/api/v1/audit")
                                .then()
                                .statusCode(200)
                                .extract()
                                .<List<Map<String, Object>>>path("items"),
                        items -> items.size() == count);
    }
}
