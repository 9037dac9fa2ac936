package io.watchkeeper.iam.account;

import static io.watchkeeper.iam.IamRequests.MAIN_AK;
import static io.watchkeeper.iam.IamRequests.MAIN_SK;
import static io.watchkeeper.iam.IamRequests.acmeAdmin;
import static io.watchkeeper.iam.IamRequests.admin;
import static io.watchkeeper.iam.IamRequests.problem;
import static io.watchkeeper.iam.IamRequests.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.iam.CloudStubResource;
import io.watchkeeper.iam.IamRequests;
import io.watchkeeper.testsupport.VolcengineIamStub;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Main accounts: registered after a signed test call, the secret sealed and never shown, each tenant its own. */
@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "iam"))
@QuarkusTestResource(CloudStubResource.class)
class AccountApiTest {

    VolcengineIamStub cloud;

    @Inject
    Pool pool;

    @Test
    void an_account_is_registered_after_a_signed_list_users_and_its_secret_is_only_a_hint() {
        long before = cloud.calls("ListUsers");
        String body = admin().body(
                        """
                        {"name":"airgate-%s","accessKeyId":"%s","secretAccessKey":"%s"}"""
                                .formatted(UUID.randomUUID(), MAIN_AK, MAIN_SK))
                .post("/api/v1/cloud-accounts")
                .then()
                .statusCode(201)
                .body("secretHint", equalTo("bWFp…MDAx"))
                .body("region", equalTo("cn-beijing"))
                .body("provider", equalTo("volcengine"))
                .body("verifiedAt", not(equalTo(null)))
                .extract()
                .asString();
        assertThat(body).doesNotContain(MAIN_SK);
        assertThat(cloud.calls("ListUsers")).isEqualTo(before + 1);
        String id = io.restassured.path.json.JsonPath.from(body).getString("id");

        String sealed = pool.preparedQuery("SELECT secret_sealed FROM cloud_account WHERE id = $1")
                .execute(Tuple.of(id))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getString(0);
        assertThat(sealed).startsWith("v1:").doesNotContain(MAIN_SK);
        assertThat(admin().get("/api/v1/cloud-accounts/" + id).asString()).doesNotContain(MAIN_SK);
        assertThat(admin().get("/api/v1/cloud-accounts").asString()).doesNotContain(MAIN_SK);

        admin().post("/api/v1/cloud-accounts/" + id + "/test")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true));
        admin().get("/api/v1/cloud-accounts/" + id + "/projects")
                .then()
                .statusCode(200)
                .body("name", hasItem("airgate"));
    }

    @Test
    void keys_the_cloud_refuses_name_the_field_and_register_nothing() {
        String name = "refused-" + UUID.randomUUID();
        problem(
                admin().body(
                                """
                {"name":"%s","accessKeyId":"%s","secretAccessKey":"d3Jvbmctc2VjcmV0LWtleS0wMDAx"}"""
                                        .formatted(name, MAIN_AK))
                        .post("/api/v1/cloud-accounts"),
                400,
                "secretAccessKey");
        problem(
                admin().body(
                                """
                {"name":"%s","accessKeyId":"AKLTnobodyKnowsThisKey1","secretAccessKey":"%s"}"""
                                        .formatted(name, MAIN_SK))
                        .post("/api/v1/cloud-accounts"),
                400,
                "accessKeyId");
        problem(
                admin().body(
                                """
                {"name":"%s","accessKeyId":"not-an-access-key","secretAccessKey":"%s"}"""
                                        .formatted(name, MAIN_SK))
                        .post("/api/v1/cloud-accounts"),
                400,
                "accessKeyId");
        problem(
                admin().body(
                                """
                {"name":"%s","accessKeyId":"%s","secretAccessKey":"%s","region":"Beijing!"}"""
                                        .formatted(name, MAIN_AK, MAIN_SK))
                        .post("/api/v1/cloud-accounts"),
                400,
                "region");
        assertThat(pool.preparedQuery("SELECT count(*) FROM cloud_account WHERE name = $1")
                        .execute(Tuple.of(name))
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getLong(0))
                .isZero();
    }

    @Test
    void keys_the_cloud_stops_accepting_make_a_502_that_says_which_account_to_check() {
        cloud.account("AKLTrotatedLaterKey0001", "cm90YXRlZC1sYXRlci1zZWNyZXQ=");
        String id = admin().body(
                        """
                        {"name":"rotated-%s","accessKeyId":"AKLTrotatedLaterKey0001","secretAccessKey":"cm90YXRlZC1sYXRlci1zZWNyZXQ="}"""
                                .formatted(UUID.randomUUID()))
                .post("/api/v1/cloud-accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        cloud.account("AKLTrotatedLaterKey0001", "c29tZW9uZS1yb3RhdGVkLXRoZS1zZWNyZXQ="); // rotated in the console
        admin().post("/api/v1/cloud-accounts/" + id + "/test")
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("SignatureDoesNotMatch"));
    }

    @Test
    void a_cloud_that_is_down_answers_503_and_registers_nothing() {
        cloud.down(true);
        try {
            admin().body("""
                            {"name":"down-%s","accessKeyId":"%s","secretAccessKey":"%s"}"""
                            .formatted(UUID.randomUUID(), MAIN_AK, MAIN_SK))
                    .post("/api/v1/cloud-accounts")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json");
        } finally {
            cloud.down(false);
        }
    }

    @Test
    void names_are_unique_per_tenant_and_a_tenant_sees_only_its_own_accounts() {
        String platform = IamRequests.account(admin());
        String acme = IamRequests.account(acmeAdmin());
        acmeAdmin().get("/api/v1/cloud-accounts/" + platform).then().statusCode(404);
        acmeAdmin()
                .get("/api/v1/cloud-accounts")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(acme))
                .body("items.id", not(hasItem(platform)));
        acmeAdmin()
                .body("{}")
                .post("/api/v1/cloud-accounts/" + platform + "/test")
                .then()
                .statusCode(404);
        admin().get("/api/v1/cloud-accounts/" + acme).then().statusCode(200).body("tenant", equalTo("acme"));
        viewer().get("/api/v1/cloud-accounts").then().statusCode(403);

        String name = admin().get("/api/v1/cloud-accounts/" + platform)
                .then()
                .extract()
                .path("name");
        admin().body("""
                {"name":"%s","accessKeyId":"%s","secretAccessKey":"%s"}"""
                        .formatted(name, MAIN_AK, MAIN_SK))
                .post("/api/v1/cloud-accounts")
                .then()
                .statusCode(409);
    }
}
