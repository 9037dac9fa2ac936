package io.watchkeeper.quota.quota;

import static io.restassured.RestAssured.given;
import static io.watchkeeper.quota.QuotaRequests.admin;
import static io.watchkeeper.quota.QuotaRequests.knownPlatformSettings;
import static io.watchkeeper.quota.QuotaRequests.prepaid;
import static io.watchkeeper.quota.QuotaRequests.problem;
import static io.watchkeeper.quota.QuotaRequests.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Quotas and settings through the REST API, announced on the real broker's wk.quotas.v1. */
@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "quota"))
class QuotaApiTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private ConsumerTask<String, byte[]> announced;
    private final String subject = "sub-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void listen() {
        announced = KafkaRecords.fromNow(kafka, Topics.QUOTAS, r -> true);
        knownPlatformSettings();
    }

    @AfterEach
    void stop() {
        announced.close();
    }

    @Test
    void a_prepaid_quota_is_created_with_its_first_allocation_and_announced_with_the_default_steps() {
        var created = admin().body(prepaid(subject, null))
                .post("/api/v1/quotas")
                .then()
                .statusCode(201)
                .body("allocated", equalTo(100.50f))
                .body("epoch", equalTo(1))
                .body("consumed", equalTo(0))
                .body("remaining", equalTo(100.50f))
                .body("status", equalTo("normal"))
                .body("thresholds", equalTo(null))
                .body("effective.thresholds", equalTo(List.of(50, 80, 90)))
                .body("createdBy", equalTo("alice"))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/quotas/" + id);

        QuotaEvent event = await().atMost(Duration.ofSeconds(10))
                .until(() -> definitions(id), found -> !found.isEmpty())
                .get(0);
        assertThat(event.allocated()).isEqualTo("100.50");
        assertThat(event.epoch()).isEqualTo(1);
        assertThat(event.subject()).isEqualTo(new QuotaEvent.Subject("cloud_subaccount", subject));
        assertThat(event.thresholds()).extracting(t -> t.toPlainString()).containsExactly("50", "80", "90");
        assertThat(event.labels()).containsEntry("sub_account", subject);
        viewer().get("/api/v1/quotas/" + id + "/allocations")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].amount", equalTo(100.50f))
                .body("items[0].operator", equalTo("alice"));
    }

    @Test
    void a_change_is_announced_again_and_a_deleted_quota_leaves_a_tombstone_and_its_history() {
        String id = admin().body(prepaid(subject, null))
                .post("/api/v1/quotas")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        admin().body(prepaid(subject, "[70,95]").replace("\"kind\"", "\"autoDisable\":true,\"kind\""))
                .put("/api/v1/quotas/" + id)
                .then()
                .statusCode(200)
                .body("thresholds", equalTo(List.of(70, 95)))
                .body("autoDisable", equalTo(true))
                .body("epoch", equalTo(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> definitions(id).size() == 2);
        QuotaEvent changed = definitions(id).get(1);
        assertThat(changed.thresholds()).extracting(t -> t.toPlainString()).containsExactly("70", "95");
        assertThat(changed.autoDisable()).isTrue();

        admin().delete("/api/v1/quotas/" + id).then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> records(id).stream().anyMatch(r -> r.value() == null));
        viewer().get("/api/v1/quotas/" + id).then().statusCode(404).contentType("application/problem+json");
        viewer().get("/api/v1/quotas?subjectId=" + subject).then().body("total", equalTo(0));
        viewer().get("/api/v1/quotas?status=deleted&subjectId=" + subject)
                .then()
                .body("total", equalTo(1))
                .body("items[0].deletedAt", not(equalTo(null)));
        admin().delete("/api/v1/quotas/" + id).then().statusCode(404);
    }

    @Test
    void lists_page_and_filter() {
        for (int i = 0; i < 3; i++) {
            admin().body(prepaid(subject, null)).post("/api/v1/quotas").then().statusCode(201);
        }
        admin().body(prepaid(subject, null).replace("cloud_subaccount", "app"))
                .post("/api/v1/quotas")
                .then()
                .statusCode(201);

        viewer().get("/api/v1/quotas?subjectId=" + subject + "&size=2&page=1")
                .then()
                .statusCode(200)
                .body("total", equalTo(4))
                .body("items.size()", equalTo(2))
                .body("page", equalTo(1));
        viewer().get("/api/v1/quotas?subjectId=" + subject + "&subjectType=app")
                .then()
                .body("total", equalTo(1));
        viewer().get("/api/v1/quotas?subjectId=" + subject + "&status=normal")
                .then()
                .body("total", equalTo(4))
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("steps")));
        viewer().get("/api/v1/quotas?subjectId=" + subject + "&status=exhausted")
                .then()
                .body("total", equalTo(0));
    }

    @Test
    void bad_input_is_a_problem_naming_the_field() {
        problem(
                admin().body(prepaid(subject, null).replace("cloud_subaccount", "galaxy"))
                        .post("/api/v1/quotas"),
                400,
                "subject.type");
        problem(admin().body(prepaid(subject, "[80,50]")).post("/api/v1/quotas"), 400, "thresholds[1]");
        problem(admin().body(prepaid(subject, "[50,120]")).post("/api/v1/quotas"), 400, "thresholds[1]");
        problem(
                admin().body(prepaid(subject, null).replace("100.50", "-5")).post("/api/v1/quotas"),
                400,
                "initialAllocation");
        problem(
                admin().body(
                                """
                {"subject":{"type":"energy_target","id":"b-1"},"metric":"energy","unit":"kWh","kind":"periodic",
                 "perPeriod":1000}""")
                        .post("/api/v1/quotas"),
                400,
                "period");
        problem(viewer().get("/api/v1/quotas?subjectType=galaxy"), 400, "subjectType");
        problem(viewer().get("/api/v1/quotas?status=sleepy"), 400, "status");
        viewer().get("/api/v1/quotas/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void settings_change_the_defaults_and_reannounce_the_quotas_that_follow_them() {
        String tenant = "t-" + subject;
        String follows = admin().body(
                        prepaid(subject, null).replace("\"tenant\":null", "\"tenant\":\"" + tenant + "\""))
                .post("/api/v1/quotas")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String own = admin().body(prepaid(subject, "[60]").replace("\"tenant\":null", "\"tenant\":\"" + tenant + "\""))
                .post("/api/v1/quotas")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().header("Authorization", TestTokens.bearerForTenant("tina", tenant, "viewer"))
                .get("/api/v1/quota-settings")
                .then()
                .statusCode(200)
                .body("source", equalTo("platform"))
                .body("thresholds", equalTo(List.of(50, 80, 90)));

        given().header("Authorization", TestTokens.bearerForTenant("tina", tenant, "admin"))
                .contentType(ContentType.JSON)
                .body("{\"thresholds\":[25,75],\"monitor\":true,\"autoDisable\":true}")
                .put("/api/v1/quota-settings")
                .then()
                .statusCode(200)
                .body("source", equalTo("tenant"))
                .body("updatedBy", equalTo("tina"));

        await().atMost(Duration.ofSeconds(10)).until(() -> definitions(follows).size() == 2);
        assertThat(definitions(follows).get(1).thresholds())
                .extracting(t -> t.toPlainString())
                .containsExactly("25", "75");
        assertThat(definitions(follows).get(1).autoDisable()).isTrue();
        viewer().get("/api/v1/quotas/" + follows).then().body("effective.thresholds", equalTo(List.of(25, 75)));
        // the quota with its own thresholds keeps them, and follows the settings in the rest
        await().atMost(Duration.ofSeconds(10)).until(() -> definitions(own).size() == 2);
        assertThat(definitions(own).get(1).thresholds())
                .extracting(t -> t.toPlainString())
                .containsExactly("60");
        viewer().get("/api/v1/quota-settings?tenant=" + tenant).then().body("thresholds", equalTo(List.of(25, 75)));
        viewer().get("/api/v1/quota-settings?tenant=other-" + subject)
                .then()
                .body("source", equalTo("platform"))
                .body("thresholds", equalTo(List.of(50, 80, 90)));
        problem(
                admin().body("{\"thresholds\":[90,10],\"monitor\":true,\"autoDisable\":true}")
                        .put("/api/v1/quota-settings"),
                400,
                "thresholds[1]");
    }

    private List<QuotaEvent> definitions(String id) {
        return KafkaRecords.data(announced, QuotaEvent.class, q -> q.quotaId().equals(id));
    }

    private List<ConsumerRecord<String, byte[]>> records(String id) {
        return announced.getRecords().stream().filter(r -> id.equals(r.key())).toList();
    }
}
