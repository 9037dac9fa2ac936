package io.watchkeeper.quota.ledger;

import static io.restassured.RestAssured.given;
import static io.watchkeeper.quota.QuotaRequests.admin;
import static io.watchkeeper.quota.QuotaRequests.prepaid;
import static io.watchkeeper.quota.QuotaRequests.problem;
import static io.watchkeeper.quota.QuotaRequests.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The allocation ledger through the REST API, its guard against what the evaluator reports consumed. */
@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "quota"))
class AllocationTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    Pool pool;

    private final String subject = "sub-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void allocations_add_and_deduct_record_who_and_why_and_raise_the_epoch() {
        String id = quota();
        allocate(id, "49.50", "top-up for December", null)
                .then()
                .statusCode(201)
                .body("amount", equalTo(49.50f))
                .body("totalAfter", equalTo(150.00f))
                .body("epoch", equalTo(2))
                .body("operator", equalTo("alice"))
                .body("note", equalTo("top-up for December"));
        allocate(id, "-0.25", "correction", null).then().statusCode(201).body("totalAfter", equalTo(149.75f));

        viewer().get("/api/v1/quotas/" + id)
                .then()
                .body("allocated", equalTo(149.75f))
                .body("epoch", equalTo(3));
        viewer().get("/api/v1/quotas/" + id + "/allocations")
                .then()
                .body("total", equalTo(3))
                .body("items.amount", equalTo(List.of(-0.25f, 49.50f, 100.50f)));
        problem(allocate(id, "0", null, null), 400, "amount");
        problem(allocate(id, "\"abc\"", null, null), 400, "amount");
        allocate(UUID.randomUUID().toString(), "1", null, null).then().statusCode(404);
    }

    @Test
    void a_deduction_below_what_is_consumed_is_refused_naming_both_amounts() {
        String id = quota();
        consumed(id, "60.25");

        allocate(id, "-50", null, null)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("deducting 50"))
                .body("detail", containsString("60.25 already consumed"));
        allocate(id, "-40.25", null, null).then().statusCode(201).body("totalAfter", equalTo(60.25f));
        viewer().get("/api/v1/quotas/" + id)
                .then()
                .body("remaining", equalTo(0f))
                .body("status", equalTo("exhausted"));
    }

    @Test
    void parallel_deductions_never_both_pass_the_guard() throws Exception {
        String id = quota(); // 100.50 allocated
        consumed(id, "40.50"); // 60 may be deducted: exactly 12 deductions of 5
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> allocate(id, "-5", "parallel", null).statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(calls)) {
            statuses.add(f.get());
        }
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(12);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(8);
        List<Number> amounts = viewer().get("/api/v1/quotas/" + id + "/allocations?size=100")
                .then()
                .extract()
                .path("items.amount");
        assertThat(amounts.stream().map(a -> new BigDecimal(a.toString())).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("40.50");
        viewer().get("/api/v1/quotas/" + id)
                .then()
                .body("allocated", equalTo(40.50f))
                .body("epoch", equalTo(13));
    }

    @Test
    void a_retry_with_the_same_idempotency_key_changes_nothing_and_answers_the_first_result() {
        String id = quota();
        String key = UUID.randomUUID().toString();
        int first =
                allocate(id, "10", "once", key).then().statusCode(201).extract().path("id");

        allocate(id, "10", "once", key)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first))
                .body("totalAfter", equalTo(110.50f));
        allocate(id, "20", "once", key).then().statusCode(422).contentType("application/problem+json");
        viewer().get("/api/v1/quotas/" + id + "/allocations").then().body("total", equalTo(2));
        viewer().get("/api/v1/quotas/" + id)
                .then()
                .body("allocated", equalTo(110.50f))
                .body("epoch", equalTo(2));
    }

    @Test
    void the_database_refuses_to_change_or_remove_a_ledger_entry() {
        String id = quota();

        assertThatThrownBy(() -> pool.preparedQuery("UPDATE quota_allocation SET amount = 1000 WHERE quota_id = $1")
                        .execute(Tuple.of(id))
                        .await()
                        .atMost(Duration.ofSeconds(5)))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> pool.preparedQuery("DELETE FROM quota_allocation WHERE quota_id = $1")
                        .execute(Tuple.of(id))
                        .await()
                        .atMost(Duration.ofSeconds(5)))
                .hasMessageContaining("append-only");
        viewer().get("/api/v1/quotas/" + id + "/allocations").then().body("items[0].amount", equalTo(100.50f));
    }

    @Test
    void a_periodic_quota_has_no_ledger() {
        String id = admin().body(
                        """
                {"subject":{"type":"energy_target","id":"%s"},"metric":"energy_consumption","unit":"kWh","kind":"periodic",
                 "period":"monthly","perPeriod":1000}"""
                                .formatted(subject))
                .post("/api/v1/quotas")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        allocate(id, "10", null, null).then().statusCode(409).body("detail", containsString("periodic"));
    }

    private String quota() {
        return admin().body(prepaid(subject, null))
                .post("/api/v1/quotas")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** What the evaluator would report: the quota's consumption, through the real broker. */
    private void consumed(String id, String amount) {
        QuotaUsageEvent report = new QuotaUsageEvent(
                id,
                1,
                "all",
                new BigDecimal(amount),
                new BigDecimal("100.50"),
                BigDecimal.ZERO,
                QuotaUsageEvent.Status.NORMAL,
                Instant.now());
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(Topics.QUOTA_USAGE, id, CloudEvent.of("test", report)))
                .awaitCompletion();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> viewer().get("/api/v1/quotas/" + id)
                                .then()
                                .extract()
                                .path("consumed")
                                .toString(),
                        found -> new BigDecimal(found).compareTo(new BigDecimal(amount)) == 0);
    }

    private static io.restassured.response.Response allocate(String id, String amount, String note, String key) {
        var request = given().header("Authorization", TestTokens.bearer("alice", "admin"))
                .contentType(ContentType.JSON)
                .body("{\"amount\":" + amount + (note == null ? "" : ",\"note\":\"" + note + "\"") + "}");
        return (key == null ? request : request.header("Idempotency-Key", key))
                .post("/api/v1/quotas/" + id + "/allocations");
    }
}
