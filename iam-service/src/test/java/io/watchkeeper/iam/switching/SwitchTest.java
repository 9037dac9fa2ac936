package io.watchkeeper.iam.switching;

import static io.watchkeeper.iam.IamRequests.admin;
import static io.watchkeeper.iam.IamRequests.operator;
import static io.watchkeeper.iam.IamRequests.uniqueName;
import static io.watchkeeper.iam.IamRequests.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.EventType;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.IamEvent;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.iam.CloudStubResource;
import io.watchkeeper.iam.IamRequests;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.MalformedRecords;
import io.watchkeeper.testsupport.VolcengineIamStub;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Users switched off when their quota is exhausted and on when a new allocation covers it — through the real broker,
 * against the Volcengine stub that counts every call: exactly once, whatever is redelivered, interrupted or down.
 */
@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "iam"))
@QuarkusTestResource(CloudStubResource.class)
class SwitchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    VolcengineIamStub cloud;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    Pool pool;

    @Inject
    SwitchWorker worker;

    @Inject
    SwitchRepository switches;

    String account;
    String name;
    String userId;
    String quotaId;

    @BeforeEach
    void user() {
        account = IamRequests.account(admin());
        name = uniqueName("airgate");
        userId = IamRequests.user(account, name);
        cloud.user(name).loginAllowed = true;
        quotaId = "quota-" + UUID.randomUUID();
        quota(1, "100");
    }

    @Test
    void an_exhausted_quota_turns_off_each_active_key_and_the_login_once_and_its_new_epoch_turns_on_only_those() {
        String handKey = admin().post("/api/v1/iam-users/" + userId + "/access-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("accessKey.accessKeyId");
        cloud.user(name).keys.put(handKey, "inactive"); // an admin turned this key off in the cloud console
        String key = cloud.user(name).keys.keySet().stream()
                .filter(k -> !k.equals(handKey))
                .findFirst()
                .orElseThrow();

        try (ConsumerTask<String, byte[]> events =
                KafkaRecords.fromNow(kafka, Topics.IAM, r -> userId.equals(r.key()))) {
            UUID alertId = UUID.randomUUID();
            exhausted(alertId, name, 1, "101");
            exhausted(alertId, name, 1, "101"); // redelivered
            await().atMost(WAIT).until(() -> "disabled".equals(state()));
            assertThat(cloud.user(name).keys).containsEntry(key, "inactive").containsEntry(handKey, "inactive");
            assertThat(cloud.user(name).loginAllowed).isFalse();
            viewer().get("/api/v1/iam-users/" + userId)
                    .then()
                    .body("loginDisabledBy", equalTo("quota"))
                    .body("pending", empty());

            exhausted(alertId, name, 1, "101"); // and again, after the switch is done
            quota(1, "100"); // the old epoch replayed
            quota(2, "201"); // +100: back under 100 %
            await().atMost(WAIT).until(() -> "active".equals(state()));
            quota(2, "201"); // redelivered
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> "active".equals(state()));

            assertThat(cloud.user(name).keys).containsEntry(key, "active").containsEntry(handKey, "inactive");
            assertThat(cloud.user(name).loginAllowed).isTrue();
            assertThat(cloud.calls("UpdateAccessKey", p -> p.get("AccessKeyId").equals(key)))
                    .isEqualTo(2);
            assertThat(cloud.calls("UpdateAccessKey", p -> p.get("AccessKeyId").equals(handKey)))
                    .isZero();
            assertThat(cloud.calls("UpdateLoginProfile", p -> p.get("UserName").equals(name)))
                    .isEqualTo(2);

            await().atMost(WAIT)
                    .until(() ->
                            KafkaRecords.data(events, IamEvent.class, e -> true).size() >= 2);
            List<IamEvent> published = KafkaRecords.data(events, IamEvent.class, e -> true);
            assertThat(published)
                    .extracting(IamEvent::action)
                    .containsExactly(IamEvent.Action.DISABLED, IamEvent.Action.ENABLED);
            assertThat(published.get(0).alertId()).isEqualTo(alertId.toString());
            assertThat(published.get(0).reason()).contains(quotaId).contains("exhausted");
            viewer().get("/api/v1/iam-users/" + userId + "/actions")
                    .then()
                    .body(
                            "items.action",
                            org.hamcrest.Matchers.contains("created", "access_key_created", "disabled", "enabled"))
                    .body("items[2].alertId", equalTo(alertId.toString()))
                    .body("items[2].detail", containsString(key))
                    .body("items[2].detail", containsString("login"));
        }
    }

    @Test
    void what_an_operator_turned_off_stays_off_when_a_quota_turns_its_user_back_on() {
        operator()
                .post("/api/v1/iam-users/" + userId + "/disable?reason=leaked key")
                .then()
                .statusCode(200)
                .body("state", equalTo("disabled"))
                .body("accessKeys[0].disabledBy", equalTo("operator"));
        exhausted(UUID.randomUUID(), name, 1, "120");
        await().atMost(WAIT).until(() -> switchesDone() == 2);
        quota(2, "300");
        await().atMost(WAIT).until(() -> switchesDone() == 3);
        viewer().get("/api/v1/iam-users/" + userId)
                .then()
                .body("state", equalTo("disabled"))
                .body("accessKeys[0].status", equalTo("inactive"))
                .body("loginDisabledBy", equalTo("operator"));
        assertThat(cloud.user(name).keys.values()).containsOnly("inactive");
        assertThat(cloud.user(name).loginAllowed).isFalse();

        operator()
                .post("/api/v1/iam-users/" + userId + "/enable")
                .then()
                .statusCode(200)
                .body("state", equalTo("active"));
        assertThat(cloud.user(name).keys.values()).containsOnly("active");
        assertThat(cloud.calls("UpdateAccessKey", p -> p.get("UserName").equals(name)))
                .isEqualTo(2);
        viewer().post("/api/v1/iam-users/" + userId + "/disable").then().statusCode(403);
    }

    @Test
    void a_disable_due_while_the_cloud_is_down_stays_pending_visible_and_happens_once_when_it_is_back() {
        cloud.down(true);
        try {
            exhausted(UUID.randomUUID(), name, 1, "100");
            await().atMost(WAIT)
                    .until(() -> viewer().get("/api/v1/iam-users/" + userId)
                                    .then()
                                    .extract()
                                    .path("pending[0].lastError")
                            != null);
            viewer().get("/api/v1/iam-users/" + userId)
                    .then()
                    .body("state", equalTo("active"))
                    .body("pending[0].direction", equalTo("disable"))
                    .body("pending[0].cause", equalTo("quota"))
                    .body("pending[0].lastError", containsString("ServiceUnavailable"));
            await().atMost(WAIT).until(() -> RestAssured.get("/q/health/well").statusCode() == 503);
            RestAssured.get("/q/health/well")
                    .then()
                    .body("checks[0].data.pending", org.hamcrest.Matchers.greaterThan(0));
            assertThat(RestAssured.get("/q/metrics").asString())
                    .containsPattern("watchkeeper_iam_switches_pending(\\{[^}]*})? [1-9]");
            // an operator's disable meanwhile: accepted, pending behind the quota's
            operator()
                    .post("/api/v1/iam-users/" + userId + "/disable?reason=leaked key")
                    .then()
                    .statusCode(202)
                    .body("state", equalTo("active"))
                    .body("pending", hasSize(2))
                    .body("pending[1].cause", equalTo("operator"));
        } finally {
            cloud.down(false);
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> "disabled".equals(state()) && switchesDone() == 2);
        assertThat(cloud.user(name).keys.values()).containsOnly("inactive");
        assertThat(cloud.calls("UpdateAccessKey", p -> p.get("UserName").equals(name)))
                .isEqualTo(1);
        // the operator's disable found the key off and took it over: a quota's enable will leave it off
        viewer().get("/api/v1/iam-users/" + userId)
                .then()
                .body("accessKeys[0].disabledBy", equalTo("operator"))
                .body("pending", empty());
        await().atMost(WAIT).until(() -> RestAssured.get("/q/health/well").statusCode() == 200);
    }

    @Test
    void a_switch_interrupted_between_its_cloud_call_and_its_record_is_recorded_without_calling_again() {
        String key = cloud.user(name).keys.keySet().iterator().next();
        String id = UUID.randomUUID().toString();
        // the state a crash leaves: the switch and its "calling" step committed, the call made, its answer never
        // recorded
        sql(
                "INSERT INTO iam_switch (id, user_id, direction, cause, quota_id, epoch, used, reason, actor, status, created_at,"
                        + " attempts, lease_until) VALUES ($1, $2, 'disable', 'quota', $3, 1, 150, 'quota exhausted', 'watchkeeper',"
                        + " 'pending', now(), 1, now() - interval '1 second')",
                id,
                userId,
                quotaId);
        sql("INSERT INTO iam_switch_step (switch_id, target, state) VALUES ($1, $2, 'calling')", id, "key:" + key);
        cloud.user(name).keys.put(key, "inactive");
        worker.wake();
        await().atMost(WAIT).until(() -> "disabled".equals(state()));
        assertThat(cloud.calls("UpdateAccessKey", p -> p.get("AccessKeyId").equals(key)))
                .isZero();
        viewer().get("/api/v1/iam-users/" + userId).then().body("accessKeys[0].disabledBy", equalTo("quota"));

        quota(2, "200"); // so it was the quota's: its new epoch turns the key back on
        await().atMost(WAIT).until(() -> "active".equals(state()));
        assertThat(cloud.user(name).keys).containsEntry(key, "active");
        assertThat(cloud.calls("UpdateAccessKey", p -> p.get("AccessKeyId").equals(key)))
                .isEqualTo(1);
    }

    @Test
    void two_workers_never_hold_the_same_switch_and_one_users_switches_run_in_order() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        sql(
                "INSERT INTO iam_switch (id, user_id, direction, cause, reason, actor, status, created_at) VALUES"
                        + " ($1, $2, 'disable', 'operator', 'test', 'oscar', 'pending', now() + interval '1 hour')",
                first,
                userId);
        sql(
                "INSERT INTO iam_switch (id, user_id, direction, cause, reason, actor, status, created_at) VALUES"
                        + " ($1, $2, 'enable', 'operator', 'test', 'oscar', 'pending', now() + interval '2 hours')",
                second,
                userId);
        List<CompletableFuture<Switch>> claims = List.of(1, 2, 3, 4).stream()
                .map(i -> switches.claim(first, Duration.ofMinutes(5)).subscribeAsCompletionStage())
                .toList();
        long claimed = claims.stream()
                .map(CompletableFuture::join)
                .filter(java.util.Objects::nonNull)
                .count();
        assertThat(claimed).isEqualTo(1);
        // the second waits for the first, however it is asked for
        assertThat(switches.claim(second, Duration.ofMinutes(5)).await().indefinitely())
                .isNull();
        sql("DELETE FROM iam_switch WHERE id IN ($1, $2)", first, second);
    }

    @Test
    void alerts_that_break_the_contract_are_dead_lettered_and_others_pass_by() {
        String prefix = "iam-" + UUID.randomUUID();
        try (ConsumerTask<String, byte[]> dlq = KafkaRecords.fromNow(
                kafka,
                Topics.deadLetter(Topics.ALERTS),
                r -> r.key() != null && r.key().startsWith(prefix))) {
            AlertEvent valid = alert(UUID.randomUUID(), "no-such-user-" + prefix, 1, "100", true);
            kafka.produce(String.class, byte[].class)
                    .fromRecords(MalformedRecords.mixed(
                            Topics.ALERTS,
                            new CloudEvent<>(
                                    UUID.randomUUID().toString(), "test", EventType.ALERT, Instant.now(), valid),
                            prefix,
                            10))
                    .awaitCompletion();
            MalformedRecords.assertEachDeadLettered(dlq, Topics.ALERTS, 10);
        }
        // without autoDisable, nothing; with it, the user goes off
        send(alert(UUID.randomUUID(), name, 1, "100", false));
        exhausted(UUID.randomUUID(), name, 1, "100");
        await().atMost(WAIT).until(() -> "disabled".equals(state()));
        assertThat(switchesDone()).isEqualTo(1);
    }

    private String state() {
        return viewer().get("/api/v1/iam-users/" + userId)
                .then()
                .statusCode(200)
                .extract()
                .path("state");
    }

    private long switchesDone() {
        return pool.preparedQuery("SELECT count(*) FROM iam_switch WHERE user_id = $1 AND status = 'done'")
                .execute(Tuple.of(userId))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private void sql(String sql, Object... args) {
        pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely();
    }

    private void quota(long epoch, String allocated) {
        QuotaEvent q = new QuotaEvent(
                quotaId,
                new QuotaEvent.Subject("cloud_subaccount", name),
                "cloud_spend_month_to_date",
                Map.of("sub_account", name),
                new BigDecimal(allocated),
                "CNY",
                List.of(),
                true,
                true,
                epoch,
                null,
                null,
                null,
                null,
                null);
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(Topics.QUOTAS, quotaId, CloudEvent.of("test", q)))
                .awaitCompletion();
    }

    private void exhausted(UUID alertId, String subject, long epoch, String used) {
        send(alert(alertId, subject, epoch, used, true));
    }

    private void send(AlertEvent alert) {
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(
                        Topics.ALERTS,
                        alert.fingerprint(),
                        new CloudEvent<>(UUID.randomUUID().toString(), "test", EventType.ALERT, Instant.now(), alert)))
                .awaitCompletion();
    }

    private AlertEvent alert(UUID alertId, String subject, long epoch, String used, boolean autoDisable) {
        Map<String, String> labels = new HashMap<>(Map.of(
                "quota_id",
                quotaId,
                "subject_type",
                "cloud_subaccount",
                "subject_id",
                subject,
                "step",
                "100",
                "alertname",
                "quota_exhausted"));
        return new AlertEvent(
                alertId,
                "fp-" + quotaId,
                "quota-steps",
                "quota steps",
                "quota_exhausted",
                AlertStatus.FIRING,
                Severity.CRITICAL,
                "quota of cloud_subaccount " + subject + ": quota exhausted",
                "used",
                labels,
                Map.of(),
                new BigDecimal(used),
                new BigDecimal("100"),
                Instant.now(),
                null,
                null,
                new AlertEvent.QuotaRef(quotaId, epoch, new BigDecimal("100"), new BigDecimal(used), autoDisable));
    }
}
