package io.watchkeeper.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.event.IamEvent;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.OidcStub;
import io.watchkeeper.testsupport.TestInfra;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.VolcengineIamStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole AirGate story, packaged collector, evaluator, quota-service and iam-service on the real broker and
 * database: a sub-account's spend crosses its prepaid quota, iam-service turns its keys and login off — exactly once,
 * though it is killed between the cloud's change and its record and two instances take over — and a new allocation
 * turns them back on, exactly once. The Volcengine IAM stub checks every signature and counts every call. And machine clients ingest with API keys.
 */
class AirGateIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String MAIN_AK = "AKLTe2eMainAccount0001";
    private static final String MAIN_SK = "ZTJlLW1haW4tYWNjb3VudC1zZWNyZXQ=";
    private static final Map<String, String> IAM_ENV = Map.of(
            "WK_IAM_ALERTS_GROUP",
            "e2e-iam-alerts-" + RUN,
            "WK_IAM_QUOTAS_GROUP",
            "e2e-iam-quotas-" + RUN,
            "WK_IAM_SWITCH_LEASE",
            "10s",
            "WK_IAM_CLOUD_TIMEOUT",
            "5s",
            "WK_IAM_SESSION_TIMEOUT_MS",
            "10000");

    private static WireMockServer stubs;
    private static VolcengineIamStub cloud;
    private static String token;
    private static Services services;
    private static ServiceProcess collector;
    private static ServiceProcess evaluator;
    private static ServiceProcess quota;
    private static ServiceProcess iam;
    private static String iamDatabase;
    private static KafkaCompanion kafka;

    @BeforeAll
    static void startServices() throws Exception {
        stubs = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        stubs.start();
        cloud = new VolcengineIamStub().account(MAIN_AK, MAIN_SK);
        String issuer = OidcStub.serve(stubs, "e2e-airgate");
        token = "Bearer " + TestTokens.token(issuer, "ada", null, "admin");
        kafka = new KafkaCompanion(TestInfra.kafkaBootstrap());
        services = new Services(issuer);
        collector = services.start(
                "collector-service",
                services.database("collector"),
                Map.of("WK_COLLECTOR_POLL_MIN_INTERVAL", "1s", "WK_ALLOWED_HOSTS", "127.0.0.1,localhost"));
        evaluator = services.start(
                "evaluator-service",
                services.database("evaluator"),
                Map.of("WK_EVALUATOR_GROUP", "e2e-airgate-evaluator-" + RUN));
        quota = services.start(
                "quota-service",
                services.database("quota"),
                Map.of(
                        "WK_QUOTA_USAGE_GROUP",
                        "e2e-airgate-usage-" + RUN,
                        "WK_QUOTA_ALERTS_GROUP",
                        "e2e-airgate-steps-" + RUN));
        iamDatabase = services.database("iam");
        iam = startIam();
        services.awaitReady();
    }

    private static ServiceProcess startIam() throws Exception {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(IAM_ENV);
        env.put("WK_IAM_VOLCENGINE_URL", cloud.baseUrl());
        return services.start("iam-service", iamDatabase, env);
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (services != null) {
            services.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (stubs != null) {
            stubs.stop();
        }
    }

    @Test
    void an_exhausted_quota_turns_the_sub_account_off_exactly_once_through_a_crash_and_a_new_allocation_back_on()
            throws Exception {
        String userName = "airgate-" + RUN;
        String owner = "22" + RUN.replaceAll("[^0-9]", "3");
        String prefix = "/volc-" + RUN;
        BillingStub.spend(stubs, prefix, owner, "55.00");

        String account = as(iam).body(
                        """
                {"name":"airgate-main-%s","accessKeyId":"%s","secretAccessKey":"%s","region":"cn-beijing"}"""
                                .formatted(RUN, MAIN_AK, MAIN_SK))
                .post("/api/v1/cloud-accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        JsonPath user = as(iam).body("{\"accountId\":\"%s\",\"userName\":\"%s\"}".formatted(account, userName))
                .post("/api/v1/iam-users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String userId = user.getString("id");
        String key = user.getString("accessKey.accessKeyId");
        cloud.user(userName).loginAllowed = true;

        String quotaId = as(quota)
                .body(
                        """
                {"subject":{"type":"cloud_subaccount","id":"%s"},"metric":"cloud_spend_month_to_date",
                 "labels":{"sub_account":"%s","project":""},"unit":"CNY","kind":"prepaid","initialAllocation":100,
                 "autoDisable":true}"""
                                .formatted(userName, owner))
                .post("/api/v1/quotas")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> as(evaluator).get("/api/v1/quota-usage/" + quotaId).statusCode() == 200);

        try (ConsumerTask<String, byte[]> events =
                KafkaRecords.fromNow(kafka, Topics.IAM, r -> userId.equals(r.key()))) {
            as(collector)
                    .body(
                            """
                    {"name":"volc-%s","provider":"volcengine_billing","baseUrl":"%s","credential":"AKLTe2e:c2VjcmV0",
                     "pollInterval":"2s"}"""
                                    .formatted(RUN, stubs.baseUrl() + prefix))
                    .post("/api/v1/sources")
                    .then()
                    .statusCode(201);
            await().atMost(Duration.ofSeconds(60)).until(() -> fired(quotaId, "50"));

            // the cloud makes the change, then answers slowly: iam-service is killed while it waits
            cloud.hold("UpdateAccessKey", Duration.ofSeconds(3));
            BillingStub.spend(stubs, prefix, owner, "101.00");
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> cloud.calls("UpdateAccessKey") >= 1);
            iam.kill();
            System.out.println("e2e: iam-service killed while UpdateAccessKey was unanswered");
            assertThat(cloud.user(userName).keys).containsEntry(key, "inactive");
            cloud.hold("UpdateAccessKey", null);
            // two instances take over, one database: each switch is still carried out by one of them only
            iam = startIam();
            ServiceProcess second = startIam();
            iam.awaitReady(Duration.ofSeconds(90));
            second.awaitReady(Duration.ofSeconds(90));

            await().atMost(Duration.ofSeconds(60)).until(() -> "disabled".equals(state(userId)));
            assertThat(cloud.user(userName).loginAllowed).isFalse();
            assertThat(cloud.calls("UpdateAccessKey"))
                    .as("the key was turned off once, not again after the crash")
                    .isEqualTo(1);
            assertThat(cloud.calls("UpdateLoginProfile")).isEqualTo(1);

            as(quota)
                    .body("{\"amount\":100,\"note\":\"top-up\"}")
                    .post("/api/v1/quotas/" + quotaId + "/allocations")
                    .then()
                    .statusCode(201);
            await().atMost(Duration.ofSeconds(60)).until(() -> "active".equals(state(userId)));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !fired(quotaId, "80") && !fired(quotaId, "90") && !fired(quotaId, "100"));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> "active"
                    .equals(state(userId)));
            assertThat(cloud.user(userName).keys).containsEntry(key, "active");
            assertThat(cloud.user(userName).loginAllowed).isTrue();
            assertThat(cloud.calls("UpdateAccessKey")).as("off once, on once").isEqualTo(2);
            assertThat(cloud.calls("UpdateLoginProfile")).isEqualTo(2);
            assertThat(cloud.calls().stream().filter(c -> c.action().equals("CreateUser")))
                    .hasSize(1);

            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            KafkaRecords.data(events, IamEvent.class, e -> true).size() >= 2);
            List<IamEvent> published = KafkaRecords.data(events, IamEvent.class, e -> true);
            assertThat(published)
                    .extracting(IamEvent::action)
                    .containsExactly(IamEvent.Action.DISABLED, IamEvent.Action.ENABLED);
            assertThat(published.get(0).alertId()).isNotNull();
            as(iam).get("/api/v1/iam-users/" + userId + "/actions")
                    .then()
                    .statusCode(200)
                    .body("items.action", org.hamcrest.Matchers.contains("created", "disabled", "enabled"));
        }
    }

    @Test
    void an_ingest_call_with_a_key_is_accepted_in_its_scope_and_refused_once_the_key_is_revoked() {
        String tenant = "airgate-" + RUN;
        JsonPath usageKey = as(iam).body(
                        "{\"name\":\"exporter\",\"scopes\":[\"ingest:usage\"],\"tenant\":\"%s\"}".formatted(tenant))
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String energyKey = as(iam).body(
                        "{\"name\":\"meters\",\"scopes\":[\"ingest:energy\"],\"tenant\":\"%s\"}".formatted(tenant))
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        String key = usageKey.getString("key");

        await().atMost(Duration.ofSeconds(15)).until(() -> usage(key, tenant) == 202);
        assertThat(usage(energyKey, tenant)).isEqualTo(403);

        as(iam).delete("/api/v1/api-keys/" + usageKey.getString("id")).then().statusCode(204);
        long revoked = System.nanoTime();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> usage(key, tenant) == 401);
        System.out.printf(
                "e2e: a revoked key was refused %d ms after its revocation%n",
                (System.nanoTime() - revoked) / 1_000_000);
    }

    private static int usage(String key, String tenant) {
        return given().baseUri(collector.url())
                .header("Authorization", "Bearer " + key)
                .contentType(ContentType.JSON)
                .body("[{\"tenant\":\"%s\",\"app\":\"gateway\",\"calls\":3,\"errors\":0,\"tokens\":100,\"cost\":0.02,"
                                .formatted(tenant)
                        + "\"currency\":\"USD\",\"latencyMs\":50,\"observedAt\":\"" + java.time.Instant.now() + "\"}]")
                .post("/api/v1/ingest/usage")
                .statusCode();
    }

    private static String state(String userId) {
        return as(iam).get("/api/v1/iam-users/" + userId)
                .then()
                .statusCode(200)
                .extract()
                .path("state");
    }

    private static boolean fired(String quotaId, String step) {
        return "fired"
                .equals(as(quota)
                        .get("/api/v1/quotas/" + quotaId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("steps.find { it.step == " + step + " }.state"));
    }

    private static RequestSpecification as(ServiceProcess service) {
        return given().baseUri(service.url()).header("Authorization", token).contentType(ContentType.JSON);
    }
}
