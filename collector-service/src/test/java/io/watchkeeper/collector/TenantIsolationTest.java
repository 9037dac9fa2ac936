package io.watchkeeper.collector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.watchkeeper.testsupport.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A token with a {@code tenant} claim sees and changes its own tenant's sources, ping keys, heartbeat checks and
 * meter readings only: another tenant's are 404 (as if they did not exist) and left as they were; creating for
 * another tenant is 403. A token without the claim (a platform operator) sees every tenant and filters with
 * {@code ?tenant=}.
 */
@CollectorTest
class TenantIsolationTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String acme = "acme-" + run;
    private final String globex = "globex-" + run;

    @Test
    void another_tenants_source_is_not_found_and_stays_as_it_was() {
        String id = as(acme, "admin")
                .body(source("shop", "{\"app\":\"chat\"}", ""))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(201)
                .body("tenant", equalTo(acme))
                .body("labels.tenant", equalTo(acme)) // its metrics are acme's
                .extract()
                .path("id");

        for (String path : new String[] {"", "/history", "/bills"}) {
            as(globex, "admin")
                    .when()
                    .get("/api/v1/sources/" + id + path)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("source " + id + " does not exist"));
        }
        as(globex, "admin")
                .body(source("stolen", "{}", ""))
                .when()
                .put("/api/v1/sources/" + id)
                .then()
                .statusCode(404);
        as(globex, "admin").when().delete("/api/v1/sources/" + id).then().statusCode(404);
        as(globex, "operator")
                .when()
                .post("/api/v1/sources/" + id + "/refresh")
                .then()
                .statusCode(404);
        as(globex, "viewer")
                .when()
                .get("/api/v1/sources?size=500")
                .then()
                .statusCode(200)
                .body("items.tenant", everyItem(equalTo(globex)))
                .body("items.id", not(hasItem(id)));

        // untouched, and names are per tenant: globex may have a "shop" too
        as(acme, "viewer")
                .when()
                .get("/api/v1/sources/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("shop"));
        as(globex, "admin")
                .body(source("shop", "{}", ""))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(201);
        as(acme, "admin")
                .body(source("shop", "{}", ""))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(409);

        // the platform operator sees both tenants and filters by one
        as(null, "viewer")
                .when()
                .get("/api/v1/sources?size=500&tenant=" + acme)
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id))
                .body("items.tenant", everyItem(equalTo(acme)));
        as(null, "admin").when().get("/api/v1/sources/" + id).then().statusCode(200);
    }

    @Test
    void a_tenant_cannot_create_for_another_tenant_nor_list_it() {
        as(acme, "admin")
                .body(source("x", "{}", ",\"tenant\":\"" + globex + "\""))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        as(acme, "admin")
                .body(source("x", "{\"tenant\":\"" + globex + "\"}", ""))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(403);
        as(acme, "admin")
                .body("{\"name\":\"cron\",\"tenant\":\"" + globex + "\"}")
                .when()
                .post("/api/v1/ping-keys")
                .then()
                .statusCode(403);
        as(acme, "viewer").when().get("/api/v1/sources?tenant=" + globex).then().statusCode(403);
        as(acme, "operator")
                .body("[" + usage(globex) + "]")
                .when()
                .post("/api/v1/ingest/usage")
                .then()
                .statusCode(403);
        as(acme, "operator")
                .body("[{\"labels\":{\"tenant\":\"" + globex + "\",\"alertname\":\"x\"}}]")
                .when()
                .post("/api/v2/alerts")
                .then()
                .statusCode(403);
        // a platform operator creates for whichever tenant it names
        as(null, "admin")
                .body(source("ops", "{}", ",\"tenant\":\"" + globex + "\""))
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(201)
                .body("tenant", equalTo(globex))
                .body("labels.tenant", equalTo(globex));
    }

    @Test
    void ping_keys_and_their_checks_belong_to_the_tenant_of_the_key() {
        String key = as(acme, "admin")
                .body("{\"name\":\"cron\"}")
                .when()
                .post("/api/v1/ping-keys")
                .then()
                .statusCode(201)
                .body("tenant", equalTo(acme))
                .extract()
                .path("key");
        String slug = "backup-" + run;
        given().when().get("/ping/" + key + "/" + slug).then().statusCode(200);

        as(acme, "viewer")
                .when()
                .get("/api/v1/heartbeats?size=500")
                .then()
                .statusCode(200)
                .body("items.slug", hasItem(slug))
                .body("items.tenant", everyItem(equalTo(acme)));
        as(globex, "viewer")
                .when()
                .get("/api/v1/heartbeats?size=500")
                .then()
                .statusCode(200)
                .body("items.slug", not(hasItem(slug)));
        as(globex, "viewer")
                .when()
                .get("/api/v1/ping-keys")
                .then()
                .statusCode(200)
                .body("items.tenant", everyItem(equalTo(globex)));
        as(null, "viewer")
                .when()
                .get("/api/v1/heartbeats?size=500&tenant=" + acme)
                .then()
                .statusCode(200)
                .body("items.slug", hasItem(slug));
    }

    @Test
    void meter_readings_are_counted_per_tenant() {
        String reading = "{\"readingId\":\"r-" + run + "\",\"energyType\":\"electricity\",\"deviceId\":\"meter-" + run
                + "\",\"value\":5,\"unit\":\"kWh\",\"readAt\":\"2026-11-20T10:00:00Z\"}";
        as(acme, "operator")
                .body("[" + reading + "]")
                .when()
                .post("/api/v1/ingest/energy")
                .then()
                .statusCode(202)
                .body("new", equalTo(1));
        // the same reading id in another tenant is that tenant's own reading, not a duplicate of acme's
        as(globex, "operator")
                .body("[" + reading + "]")
                .when()
                .post("/api/v1/ingest/energy")
                .then()
                .statusCode(202)
                .body("new", equalTo(1));
        as(globex, "operator")
                .body("[" + reading + "]")
                .when()
                .post("/api/v1/ingest/energy")
                .then()
                .statusCode(202)
                .body("duplicates", equalTo(1));

        String daily = "/api/v1/energy/daily?from=2026-11-20&to=2026-11-20&deviceId=meter-" + run;
        as(acme, "viewer")
                .when()
                .get(daily)
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].tenant", equalTo(acme))
                .body("items[0].total", equalTo(5));
        as(null, "viewer").when().get(daily).then().statusCode(200).body("total", equalTo(2));
    }

    private static String source(String name, String labels, String extra) {
        return "{\"name\":\"" + name
                + "\",\"provider\":\"openrouter\",\"credential\":\"sk-or-v1-abcdefghijklmnop1234\","
                + "\"enabled\":false,\"labels\":" + labels + extra + "}";
    }

    private static String usage(String tenant) {
        return "{\"tenant\":\"" + tenant
                + "\",\"app\":\"chat\",\"calls\":1,\"errors\":0,\"observedAt\":\"2026-11-20T10:00:00Z\"}";
    }

    private static RequestSpecification as(String tenant, String role) {
        return given().header("Authorization", TestTokens.bearerAs(tenant, role))
                .contentType(ContentType.JSON);
    }
}
