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
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.OidcStub;
import io.watchkeeper.testsupport.TestInfra;
import io.watchkeeper.testsupport.TestTokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quotas end to end, the packaged collector, evaluator and quota-service on the real broker and database: the AirGate
 * flow (a Volcengine sub-account's spend, polled through the billing stub, against a prepaid quota) and the energy
 * flow (meter batches against a monthly kWh quota that turns its month in its own time zone).
 */
class QuotaFlowsIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static WireMockServer stubs;
    private static String token;
    private static Services services;
    private static ServiceProcess collector;
    private static ServiceProcess evaluator;
    private static ServiceProcess quota;
    private static KafkaCompanion kafka;

    @BeforeAll
    static void startServices() throws Exception {
        stubs = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        stubs.start();
        String issuer = OidcStub.serve(stubs, "e2e-quotas");
        token = "Bearer " + TestTokens.token(issuer, "ada", null, "admin");
        kafka = new KafkaCompanion(TestInfra.kafkaBootstrap());
        services = new Services(issuer);
        collector = services.start(
                "collector-service",
                services.database("collector"),
                Map.of("WK_COLLECTOR_POLL_MIN_INTERVAL", "1s", "WK_ALLOWED_HOSTS", "127.0.0.1,localhost"));
        // the energy flow's meter batches are stamped in January 2027, to turn a month in the quota's zone
        evaluator = services.start(
                "evaluator-service",
                services.database("evaluator"),
                Map.of("WK_EVALUATOR_GROUP", "e2e-quota-evaluator-" + RUN, "WK_EVALUATOR_MAX_FUTURE", "400d"));
        quota = services.start(
                "quota-service",
                services.database("quota"),
                Map.of(
                        "WK_QUOTA_USAGE_GROUP",
                        "e2e-quota-usage-" + RUN,
                        "WK_QUOTA_ALERTS_GROUP",
                        "e2e-quota-steps-" + RUN));
        services.awaitReady();
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (services != null) {
            services.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (stubs != null) {
            stubs.stop();
        }
    }

    @Test
    void airgate_a_sub_accounts_spend_fires_each_step_once_and_a_new_allocation_re_arms_them() {
        String sub = "21" + RUN.replaceAll("[^0-9]", "7");
        String prefix = "/volc-" + RUN;
        BillingStub.spend(stubs, prefix, sub, "55.00");
        String id = createQuota(
                """
                {"subject":{"type":"cloud_subaccount","id":"%s"},"metric":"cloud_spend_month_to_date",
                 "labels":{"sub_account":"%s","project":""},"unit":"CNY","kind":"prepaid","initialAllocation":100}"""
                        .formatted(sub, sub));
        try (ConsumerTask<String, byte[]> alerts = KafkaRecords.fromNow(kafka, Topics.ALERTS, r -> true)) {
            as(collector)
                    .body(
                            """
                    {"name":"volc-%s","provider":"volcengine_billing","baseUrl":"%s","credential":"AKLTe2e:c2VjcmV0",
                     "pollInterval":"2s"}"""
                                    .formatted(RUN, stubs.baseUrl() + prefix))
                    .post("/api/v1/sources")
                    .then()
                    .statusCode(201);

            JsonPath at55 = awaitQuota(id, q -> q.getDouble("consumed") == 55.0 && fired(q, "50"));
            assertThat(at55.getDouble("remaining")).isEqualTo(45.0);
            assertThat(fired(at55, "80")).isFalse();

            BillingStub.spend(stubs, prefix, sub, "85.00");
            JsonPath at85 = awaitQuota(id, q -> q.getDouble("consumed") == 85.0 && fired(q, "80"));
            assertThat(at85.getDouble("remaining")).isEqualTo(15.0);
            assertThat(fired(at85, "90")).isFalse();

            BillingStub.spend(stubs, prefix, sub, "101.00");
            JsonPath at101 = awaitQuota(id, q -> q.getDouble("consumed") == 101.0 && fired(q, "90") && fired(q, "100"));
            assertThat(at101.getDouble("remaining")).isEqualTo(-1.0);
            assertThat(at101.getString("status")).isEqualTo("exhausted");
            // each step fired once, exhaustion once, while the spend was polled again and again
            await().during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(6))
                    .until(() -> firings(alerts, id, "50") == 1
                            && firings(alerts, id, "80") == 1
                            && firings(alerts, id, "90") == 1
                            && firings(alerts, id, "100") == 1);
            assertThat(quotaAlerts(alerts, id).stream()
                            .filter(a -> a.type().equals("quota_exhausted") && a.status() == AlertStatus.FIRING))
                    .hasSize(1);

            as(quota)
                    .body("{\"amount\":100,\"note\":\"December top-up\"}")
                    .post("/api/v1/quotas/" + id + "/allocations")
                    .then()
                    .statusCode(201)
                    .body("epoch", org.hamcrest.Matchers.equalTo(2));
            JsonPath topped = awaitQuota(id, q -> !fired(q, "80") && !fired(q, "90") && !fired(q, "100"));
            assertThat(topped.getDouble("allocated")).isEqualTo(200.0);
            assertThat(topped.getDouble("remaining")).isEqualTo(99.0);
            assertThat(topped.getDouble("usedPct")).isEqualTo(50.5);
            assertThat(topped.getInt("epoch")).isEqualTo(2);
            assertThat(fired(topped, "50")).isTrue();
            assertThat(quotaAlerts(alerts, id).stream()
                            .filter(a -> a.status() == AlertStatus.RESOLVED)
                            .map(a -> a.labels().get("step")))
                    .containsExactlyInAnyOrder("80", "90", "100");
        }
    }

    @Test
    void energy_a_monthly_quota_goes_normal_warning_exceeded_with_one_alert_and_starts_over_when_its_month_turns() {
        String group = "bldg-" + RUN;
        String id = createQuota(
                """
                {"subject":{"type":"energy_target","id":"%s"},"metric":"energy_consumption","labels":{"device_group":"%s"},
                 "unit":"kWh","kind":"periodic","period":"monthly","timeZone":"Asia/Shanghai","perPeriod":1000,
                 "warningPct":80,"alertPct":100}"""
                        .formatted(group, group));
        try (ConsumerTask<String, byte[]> alerts = KafkaRecords.fromNow(kafka, Topics.ALERTS, r -> true)) {
            // 18:00 on 31 January in Shanghai
            energy(group, "r1", "500", "2027-01-31T10:00:00Z");
            assertThat(awaitPeriod(id, "2027-01", "500").getString("status")).isEqualTo("normal");
            energy(group, "r2", "350", "2027-01-31T10:05:00Z");
            assertThat(awaitPeriod(id, "2027-01", "850").getString("status")).isEqualTo("warning");
            energy(group, "r2", "350", "2027-01-31T10:05:00Z"); // the same batch again: counted once
            energy(group, "r3", "200", "2027-01-31T10:10:00Z");
            assertThat(awaitPeriod(id, "2027-01", "1050").getString("status")).isEqualTo("exceeded");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> quotaAlerts(alerts, id).size() >= 2);
            List<AlertEvent> january = quotaAlerts(alerts, id);
            assertThat(january)
                    .extracting(AlertEvent::alertId)
                    .containsOnly(january.get(0).alertId()); // one alert
            assertThat(january.get(0).severity()).isEqualTo(Severity.WARNING);
            assertThat(january.get(january.size() - 1).severity()).isEqualTo(Severity.ERROR);
            assertThat(january.get(january.size() - 1).quota().usedPct()).isEqualByComparingTo("105");

            // 17:00 UTC on 31 January: still January in UTC, 01:00 on 1 February in Shanghai — the quota's month turned
            energy(group, "r4", "100", "2027-01-31T17:00:00Z");
            JsonPath february = awaitQuota(
                    id, q -> "2027-02".equals(q.getString("currentPeriod")) && q.getDouble("consumed") == 100.0);
            assertThat(february.getString("status")).isEqualTo("normal");
            // every period the quota stood in, newest first: the month it was created in consumed nothing
            assertThat(february.getList("periods.period"))
                    .containsExactly(
                            "2027-02",
                            "2027-01",
                            YearMonth.now(ZoneOffset.ofHours(8)).toString());
            assertThat(february.getString("periods[1].status")).isEqualTo("exceeded");
            assertThat(february.getDouble("periods[1].consumed")).isEqualTo(1050.0);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> quotaAlerts(alerts, id).stream().anyMatch(a -> a.status() == AlertStatus.RESOLVED));
            assertThat(YearMonth.now(ZoneOffset.UTC))
                    .isBefore(YearMonth.of(2027, 1)); // the stamps are ahead of the clock
        }
    }

    private static String createQuota(String body) {
        String id = as(quota)
                .body(body)
                .post("/api/v1/quotas")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // amounts count from the moment the evaluator has the quota
        await().atMost(Duration.ofSeconds(30))
                .until(() -> as(evaluator).get("/api/v1/quota-usage/" + id).statusCode() == 200);
        return id;
    }

    private static void energy(String group, String reading, String kwh, String at) {
        as(collector)
                .body(
                        """
                [{"readingId":"%s-%s","energyType":"electricity","deviceId":"meter-1","deviceGroup":"%s","value":%s,
                  "unit":"kWh","readAt":"%s"}]"""
                                .formatted(group, reading, group, kwh, at))
                .post("/api/v1/ingest/energy")
                .then()
                .statusCode(202);
    }

    private static JsonPath awaitQuota(String id, java.util.function.Predicate<JsonPath> until) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> as(quota)
                                .get("/api/v1/quotas/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        until);
    }

    /** The quota's record of one period once it shows {@code consumed}. */
    private static JsonPath awaitPeriod(String id, String period, String consumed) {
        JsonPath q = awaitQuota(
                id,
                p -> p.getList("periods.period").contains(period)
                        && new BigDecimal(p.getString("periods.find { it.period == '" + period + "' }.consumed"))
                                        .compareTo(new BigDecimal(consumed))
                                == 0);
        return new JsonPath(q.prettify()).setRootPath("periods.find { it.period == '" + period + "' }");
    }

    private static boolean fired(JsonPath q, String step) {
        return "fired".equals(q.getString("steps.find { it.step == " + step + " }.state"));
    }

    private static List<AlertEvent> quotaAlerts(ConsumerTask<String, byte[]> alerts, String id) {
        return KafkaRecords.data(
                alerts,
                AlertEvent.class,
                a -> a.quota() != null && id.equals(a.quota().quotaId()));
    }

    private static long firings(ConsumerTask<String, byte[]> alerts, String id, String step) {
        return quotaAlerts(alerts, id).stream()
                .filter(a -> a.status() == AlertStatus.FIRING
                        && step.equals(a.labels().get("step")))
                .count();
    }

    private static RequestSpecification as(ServiceProcess service) {
        return given().baseUri(service.url()).header("Authorization", token).contentType(ContentType.JSON);
    }
}
