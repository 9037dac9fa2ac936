package io.watchkeeper.iam.user;

import static io.watchkeeper.iam.IamRequests.acmeAdmin;
import static io.watchkeeper.iam.IamRequests.admin;
import static io.watchkeeper.iam.IamRequests.problem;
import static io.watchkeeper.iam.IamRequests.uniqueName;
import static io.watchkeeper.iam.IamRequests.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.event.IamEvent;
import io.watchkeeper.iam.CloudStubResource;
import io.watchkeeper.iam.IamRequests;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.VolcengineIamStub;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IAM users through the API against the Volcengine stub: creation, its failures, import, policies, tenants. */
@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "iam"))
@QuarkusTestResource(CloudStubResource.class)
class UserApiTest {

    VolcengineIamStub cloud;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    Pool pool;

    String account;

    @BeforeEach
    void account() {
        account = IamRequests.account(admin());
    }

    @Test
    void a_created_user_exists_in_the_cloud_with_one_key_whose_secret_is_shown_once() {
        String name = uniqueName("airgate");
        try (ConsumerTask<String, byte[]> events = KafkaRecords.fromNow(kafka, Topics.IAM, r -> true)) {
            JsonPath created = admin().body(
                            """
                            {"accountId":"%s","userName":"%s","displayName":"AirGate team"}"""
                                    .formatted(account, name))
                    .post("/api/v1/iam-users")
                    .then()
                    .statusCode(201)
                    .header("Location", org.hamcrest.Matchers.containsString("/api/v1/iam-users/"))
                    .body("state", equalTo("active"))
                    .body("accessKeys", hasSize(1))
                    .extract()
                    .jsonPath();
            String id = created.getString("id");
            String keyId = created.getString("accessKey.accessKeyId");
            String secret = created.getString("accessKey.secretAccessKey");
            assertThat(secret).isNotBlank();
            assertThat(cloud.user(name).keys).containsEntry(keyId, "active");
            assertThat(created.getString("cloudUserId")).isEqualTo(cloud.user(name).id);

            String later = viewer().get("/api/v1/iam-users/" + id)
                    .then()
                    .statusCode(200)
                    .body("accessKeys[0].accessKeyId", equalTo(keyId))
                    .body("accessKey", nullValue())
                    .extract()
                    .asString();
            assertThat(later).doesNotContain(secret);
            assertThat(viewer().get("/api/v1/iam-users?accountId=" + account).asString())
                    .doesNotContain(secret);
            assertThat(pool.query("SELECT string_agg(t::text, '') FROM (SELECT * FROM iam_user) t")
                            .execute()
                            .await()
                            .indefinitely()
                            .iterator()
                            .next()
                            .getString(0))
                    .doesNotContain(secret);

            await(() ->
                    KafkaRecords.data(events, IamEvent.class, e -> e.userId().equals(id))
                                    .size()
                            == 1);
            IamEvent event = KafkaRecords.data(
                            events, IamEvent.class, e -> e.userId().equals(id))
                    .get(0);
            assertThat(event.action()).isEqualTo(IamEvent.Action.CREATED);
            assertThat(event.account()).isEqualTo(account);
            assertThat(event.userName()).isEqualTo(name);
            viewer().get("/api/v1/iam-users/" + id + "/actions")
                    .then()
                    .statusCode(200)
                    .body("items.action", contains("created"))
                    .body("items[0].actor", equalTo("alice"));
        }
    }

    @Test
    void names_the_cloud_or_we_refuse_leave_nothing_behind() {
        String taken = uniqueName("taken");
        cloud.addUser(taken, true, 1);
        problem(create(taken), 409, "userName");
        String refused = uniqueName("reserved");
        cloud.refuseName(refused);
        problem(create(refused), 400, "userName");
        problem(create("no spaces allowed"), 400, "userName");
        problem(
                admin().body("{\"accountId\":\"no-such-account\",\"userName\":\"x\"}")
                        .post("/api/v1/iam-users"),
                400,
                "accountId");
        assertThat(count("SELECT count(*) FROM iam_user WHERE user_name IN ($1, $2)", taken, refused))
                .isZero();
        assertThat(cloud.user(refused)).isNull();
    }

    @Test
    void a_failed_create_access_key_leaves_a_provisioning_user_the_admin_sees_and_finishes() {
        String name = uniqueName("halfway");
        cloud.failNext("CreateAccessKey", 1, 409, "AccessKeyLimitExceeded");
        String location = create(name)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("access-keys"))
                .extract()
                .header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(cloud.user(name)).isNotNull();
        viewer().get("/api/v1/iam-users/" + id)
                .then()
                .body("state", equalTo("provisioning"))
                .body("lastError", org.hamcrest.Matchers.containsString("AccessKeyLimitExceeded"))
                .body("accessKeys", empty());
        viewer().get("/api/v1/iam-users?state=provisioning&accountId=" + account)
                .then()
                .body("items.id", contains(id));

        admin().post("/api/v1/iam-users/" + id + "/access-keys")
                .then()
                .statusCode(201)
                .body("state", equalTo("active"))
                .body("lastError", nullValue())
                .body("accessKey.secretAccessKey", not(equalTo(null)))
                .body("accessKeys", hasSize(1));
        assertThat(cloud.user(name).keys).hasSize(1);
        // a second key, then the cloud's limit
        admin().post("/api/v1/iam-users/" + id + "/access-keys")
                .then()
                .statusCode(201)
                .body("accessKeys", hasSize(2));
        admin().post("/api/v1/iam-users/" + id + "/access-keys")
                .then()
                .statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("AccessKeyLimitExceeded"));
        viewer().get("/api/v1/iam-users/" + id + "/actions")
                .then()
                .body("items.action", contains("created", "access_key_created"));
    }

    @Test
    void sync_imports_every_page_of_the_clouds_users_once() {
        String prefix = uniqueName("imported");
        for (int i = 0; i < 130; i++) {
            cloud.addUser(prefix + "-" + i, i % 2 == 0, 1);
        }
        long pages = cloud.calls("ListUsers");
        JsonPath first = admin().body("{\"accountId\":\"%s\"}".formatted(account))
                .post("/api/v1/iam-users/sync")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(first.getInt("imported")).isGreaterThanOrEqualTo(130);
        assertThat(cloud.calls("ListUsers") - pages).isGreaterThanOrEqualTo(2);
        admin().body("{\"accountId\":\"%s\"}".formatted(account))
                .post("/api/v1/iam-users/sync")
                .then()
                .statusCode(200)
                .body("imported", equalTo(0))
                .body("known", equalTo(first.getInt("total")));
        String id = idOf(prefix + "-7", account);
        viewer().get("/api/v1/iam-users/" + id)
                .then()
                .body("state", equalTo("active"))
                .body("cloudUserId", equalTo(cloud.user(prefix + "-7").id));
        viewer().get("/api/v1/iam-users/" + id + "/actions").then().body("items.action", contains("imported"));
    }

    @Test
    void a_deleted_user_leaves_the_cloud_with_its_keys_policies_and_login_and_stays_here_as_history() {
        String name = uniqueName("leaving");
        String id = IamRequests.user(account, name);
        admin().post("/api/v1/iam-users/" + id + "/access-keys").then().statusCode(201);
        admin().post("/api/v1/iam-users/" + id + "/policies/ArkFullAccess")
                .then()
                .statusCode(200);
        cloud.user(name).loginAllowed = true;
        try (ConsumerTask<String, byte[]> events = KafkaRecords.fromNow(kafka, Topics.IAM, r -> id.equals(r.key()))) {
            // the cloud refuses the last step once: the admin sees why, the user is still here, and deletes again
            cloud.failNext("DeleteUser", 1, 409, "DeleteConflict");
            admin().delete("/api/v1/iam-users/" + id)
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("DeleteConflict"));
            viewer().get("/api/v1/iam-users/" + id).then().body("state", equalTo("active"));
            admin().delete("/api/v1/iam-users/" + id).then().statusCode(204);
            assertThat(cloud.user(name)).isNull();
            long deletes = cloud.calls("DeleteUser");
            admin().delete("/api/v1/iam-users/" + id).then().statusCode(204);
            assertThat(cloud.calls("DeleteUser")).isEqualTo(deletes);

            viewer().get("/api/v1/iam-users/" + id)
                    .then()
                    .body("state", equalTo("deleted"))
                    .body("accessKeys", empty());
            viewer().get("/api/v1/iam-users?accountId=" + account)
                    .then()
                    .body("items.id", not(org.hamcrest.Matchers.hasItem(id)));
            viewer().get("/api/v1/iam-users?state=deleted&accountId=" + account)
                    .then()
                    .body("items.id", contains(id));
            viewer().get("/api/v1/iam-users/" + id + "/actions")
                    .then()
                    .body("items.action", contains("created", "access_key_created", "policy_attached", "deleted"));
            await(() -> KafkaRecords.data(events, IamEvent.class, e -> e.action() == IamEvent.Action.DELETED)
                            .size()
                    == 1);
        }
    }

    @Test
    void a_sync_marks_users_the_cloud_no_longer_has_as_deleted() {
        String name = uniqueName("vanished");
        String id = IamRequests.user(account, name);
        cloud.removeUser(name);
        admin().body("{\"accountId\":\"%s\"}".formatted(account))
                .post("/api/v1/iam-users/sync")
                .then()
                .statusCode(200)
                .body("deleted", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        viewer().get("/api/v1/iam-users/" + id).then().body("state", equalTo("deleted"));
        viewer().get("/api/v1/iam-users/" + id + "/actions")
                .then()
                .body("items[1].action", equalTo("deleted"))
                .body("items[1].reason", org.hamcrest.Matchers.containsString("sync"));
    }

    @Test
    void throttling_is_retried_a_cloud_failing_on_is_a_503_and_refusals_are_never_repeated() {
        String name = uniqueName("throttled");
        cloud.failNext("CreateUser", 1, 429, "Throttling");
        create(name).then().statusCode(201);
        assertThat(cloud.calls("CreateUser", p -> name.equals(p.get("UserName"))))
                .isEqualTo(2);

        String id = idOf(name, account);
        cloud.failNext("AttachUserPolicy", 10, 500, "InternalError");
        admin().post("/api/v1/iam-users/" + id + "/policies/ArkFullAccess")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        cloud.failNext("AttachUserPolicy", 0, 500, "InternalError");
        viewer().get("/api/v1/iam-users/" + id).then().body("policies", empty());

        String taken = uniqueName("taken-once");
        cloud.addUser(taken, null, 0);
        create(taken).then().statusCode(409);
        assertThat(cloud.calls("CreateUser", p -> taken.equals(p.get("UserName"))))
                .isEqualTo(1);
    }

    @Test
    void policies_are_attached_and_detached_in_the_cloud_and_unknown_ones_name_the_field() {
        String name = uniqueName("granted");
        String id = IamRequests.user(account, name);
        admin().post("/api/v1/iam-users/" + id + "/policies/ArkFullAccess")
                .then()
                .statusCode(200)
                .body("policies", contains("ArkFullAccess"));
        admin().post("/api/v1/iam-users/" + id + "/policies/TOSFullAccess")
                .then()
                .statusCode(200)
                .body("policies", contains("ArkFullAccess", "TOSFullAccess"));
        assertThat(cloud.user(name).policies).containsExactlyInAnyOrder("ArkFullAccess", "TOSFullAccess");
        admin().delete("/api/v1/iam-users/" + id + "/policies/ArkFullAccess")
                .then()
                .statusCode(200)
                .body("policies", contains("TOSFullAccess"));
        assertThat(cloud.user(name).policies).containsExactly("TOSFullAccess");

        problem(admin().post("/api/v1/iam-users/" + id + "/policies/NoSuchPolicy"), 400, "policy");
        problem(admin().post("/api/v1/iam-users/" + id + "/policies/bad name!"), 400, "policy");
        problem(admin().post("/api/v1/iam-users/" + id + "/policies/ArkFullAccess?type=Other"), 400, "type");
        viewer().get("/api/v1/iam-users/" + id).then().body("policies", contains("TOSFullAccess"));
        viewer().get("/api/v1/iam-users/" + id + "/actions")
                .then()
                .body("items.action", contains("created", "policy_attached", "policy_attached", "policy_detached"));
        viewer().post("/api/v1/iam-users/" + id + "/policies/ArkFullAccess")
                .then()
                .statusCode(403);
    }

    @Test
    void a_tenant_neither_sees_nor_uses_another_tenants_accounts_and_users() {
        String id = IamRequests.user(account, uniqueName("platform-user"));
        acmeAdmin().get("/api/v1/iam-users/" + id).then().statusCode(404);
        acmeAdmin().post("/api/v1/iam-users/" + id + "/disable").then().statusCode(404);
        acmeAdmin()
                .get("/api/v1/iam-users")
                .then()
                .statusCode(200)
                .body("items.id", not(org.hamcrest.Matchers.hasItem(id)));
        problem(
                acmeAdmin()
                        .body("{\"accountId\":\"%s\",\"userName\":\"x\"}".formatted(account))
                        .post("/api/v1/iam-users"),
                400,
                "accountId");
        String acmeAccount = IamRequests.account(acmeAdmin());
        String acmeUser = acmeAdmin()
                .body("{\"accountId\":\"%s\",\"userName\":\"%s\"}".formatted(acmeAccount, uniqueName("acme")))
                .post("/api/v1/iam-users")
                .then()
                .statusCode(201)
                .body("tenant", equalTo("acme"))
                .extract()
                .path("id");
        acmeAdmin().get("/api/v1/iam-users").then().body("items.id", contains(acmeUser));
    }

    private io.restassured.response.Response create(String name) {
        return admin().body("{\"accountId\":\"%s\",\"userName\":\"%s\"}".formatted(account, name))
                .post("/api/v1/iam-users");
    }

    private String idOf(String name, String accountId) {
        return pool.preparedQuery("SELECT id FROM iam_user WHERE user_name = $1 AND account_id = $2")
                .execute(Tuple.of(name, accountId))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getString(0);
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql)
                .execute(Tuple.from(args))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition);
    }
}
