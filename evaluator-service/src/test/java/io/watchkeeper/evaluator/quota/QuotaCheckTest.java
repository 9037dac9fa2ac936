package io.watchkeeper.evaluator.quota;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.evaluator.EvaluatorFixture;
import io.watchkeeper.evaluator.EvaluatorTest;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Quota definitions from wk.quotas.v1 and spend/energy metrics on the real broker → quota alerts. */
@EvaluatorTest
class QuotaCheckTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    Pool pool;

    private ConsumerTask<String, byte[]> alerts;
    private ConsumerTask<String, byte[]> usage;
    private final String subject = "sub-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void listen() {
        alerts = kafka.consume(String.class, byte[].class).fromTopics(Topics.ALERTS);
        usage = kafka.consume(String.class, byte[].class).fromTopics(Topics.QUOTA_USAGE);
    }

    @AfterEach
    void stop() {
        alerts.close();
        usage.close();
    }

    @Test
    void prepaid_steps_fire_once_per_epoch_exhaustion_carries_auto_disable_and_a_new_allocation_re_arms() {
        quota(prepaid(new BigDecimal("100"), 1));
        spend("55");
        Waits.flow().until(() -> firing("50").size() == 1);
        spend("85");
        Waits.flow().until(() -> firing("80").size() == 1);
        spend("100.00");
        Waits.flow().until(() -> firing("100").size() == 1);
        AlertEvent exhausted = firing("100").get(0);
        assertThat(exhausted.type()).isEqualTo("quota_exhausted");
        assertThat(exhausted.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(exhausted.quota().autoDisable()).isTrue();
        assertThat(exhausted.quota().usedPct()).isEqualByComparingTo("100");
        assertThat(exhausted.labels()).containsEntry("subject_id", subject).containsEntry("sub_account", subject);
        assertThat(firing("50")).hasSize(1);
        // quota-service learns the usage from the evaluator, which counted it: one report per change, not per check
        Waits.flow().until(() -> reports().stream().anyMatch(r -> r.status() == QuotaUsageEvent.Status.EXHAUSTED));
        QuotaUsageEvent exhaustedReport = reports().stream()
                .filter(r -> r.status() == QuotaUsageEvent.Status.EXHAUSTED)
                .findFirst()
                .orElseThrow();
        assertThat(exhaustedReport.consumed()).isEqualByComparingTo("100");
        assertThat(exhaustedReport.period()).isEqualTo("all");
        assertThat(exhaustedReport.usedPct()).isEqualByComparingTo("100");
        List<QuotaUsageEvent> sent = reports();
        for (int i = 1; i < sent.size(); i++) {
            assertThat(UsageReports.signature(sent.get(i))).isNotEqualTo(UsageReports.signature(sent.get(i - 1)));
        }
        assertThat(reports().stream()
                        .filter(r -> r.status() == QuotaUsageEvent.Status.WARNING)
                        .findFirst()
                        .orElseThrow()
                        .consumed())
                .isEqualByComparingTo("55");

        // twice the allocation: usage is now 50 % — the 80 and 100 steps re-arm (resolved), the 50 step stays fired
        quota(prepaid(new BigDecimal("200"), 2));
        Waits.flow().until(() -> resolved("80").size() == 1 && resolved("100").size() == 1);
        assertThat(resolved("50")).isEmpty();
        spend("170");
        Waits.flow().until(() -> firing("80").size() == 2);
        assertThat(firing("80").get(1).quota().epoch()).isEqualTo(2);
        Waits.quiet().until(() -> firing("50").size() == 1 && firing("100").size() == 1);
    }

    @Test
    void a_monthly_energy_quota_warns_then_escalates_the_same_alert() {
        QuotaEvent q = new QuotaEvent(
                "q-" + subject,
                new QuotaEvent.Subject("device_group", subject),
                "energy_consumption",
                Map.of("device_group", subject),
                new BigDecimal("1000"),
                "kWh",
                List.of(),
                false,
                true,
                1,
                "monthly",
                new BigDecimal("50"),
                new BigDecimal("90"),
                null,
                "Asia/Shanghai");
        quota(q);
        energy("meter-1", "300");
        energy("meter-2", "250");
        Waits.flow().until(() -> events(AlertStatus.FIRING).size() == 1);
        AlertEvent warning = events(AlertStatus.FIRING).get(0);
        assertThat(warning.type()).isEqualTo("quota_period");
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.value()).isEqualByComparingTo("550");

        energy("meter-1", "400");
        Waits.flow().until(() -> events(AlertStatus.FIRING).size() == 2);
        AlertEvent exceeded = events(AlertStatus.FIRING).get(1);
        assertThat(exceeded.alertId()).isEqualTo(warning.alertId());
        assertThat(exceeded.severity()).isEqualTo(Severity.ERROR);
        assertThat(exceeded.quota().usedPct()).isEqualByComparingTo("95");
        Waits.flow()
                .until(
                        () -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                                .get("/api/v1/quota-usage/" + q.quotaId())
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("status"),
                        "exceeded"::equals);
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .get("/api/v1/quota-usage/" + q.quotaId())
                .then()
                .body("used", org.hamcrest.Matchers.equalTo(950))
                .body("period", org.hamcrest.Matchers.notNullValue());
        Waits.flow().until(() -> reports().stream().anyMatch(r -> r.status() == QuotaUsageEvent.Status.EXCEEDED));
        QuotaUsageEvent report = reports().get(reports().size() - 1);
        assertThat(report.consumed()).isEqualByComparingTo("950");
        assertThat(report.period()).isEqualTo(Periods.of(q, Instant.now()));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .get("/api/v1/quota-usage/unknown-quota")
                .then()
                .statusCode(404);
    }

    @Test
    void a_periodic_quotas_alert_resolves_on_the_topic_when_the_period_rolls_over() {
        QuotaEvent q = new QuotaEvent(
                "q-" + subject,
                new QuotaEvent.Subject("device_group", subject),
                "energy_consumption",
                Map.of("device_group", subject),
                new BigDecimal("1000"),
                "kWh",
                List.of(),
                false,
                true,
                1,
                "monthly",
                new BigDecimal("50"),
                new BigDecimal("90"),
                null,
                "UTC");
        quota(q);
        energy("meter-1", "600");
        Waits.flow().until(() -> events(AlertStatus.FIRING).size() == 1);
        AlertEvent warning = events(AlertStatus.FIRING).get(0);

        // a partition has counted the next month already (a meter batch stamped after midnight): the period turns
        // with the data, as when the month ends
        String thisMonth = Periods.of(q, Instant.now());
        String nextMonth = Periods.of(
                q,
                ZonedDateTime.now(ZoneOffset.UTC)
                        .plusMonths(1)
                        .withDayOfMonth(1)
                        .truncatedTo(ChronoUnit.DAYS)
                        .toInstant());
        pool.preparedQuery(
                        "INSERT INTO quota_usage (quota_id, partition, period, usage, state) VALUES ($1, 999, $2, 5, '\\x00')")
                .execute(Tuple.of(q.quotaId(), nextMonth))
                .await()
                .atMost(Duration.ofSeconds(10));
        try {
            Waits.flow().until(() -> events(AlertStatus.RESOLVED).size() == 1);
            AlertEvent resolved = events(AlertStatus.RESOLVED).get(0);
            assertThat(resolved.alertId()).isEqualTo(warning.alertId());
            assertThat(resolved.message()).isEqualTo("period " + thisMonth + " ended");
            Waits.flow().until(() -> reports().stream()
                    .anyMatch(r -> r.period().equals(nextMonth) && r.status() == QuotaUsageEvent.Status.NORMAL));
            given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                    .get("/api/v1/quota-usage/" + q.quotaId())
                    .then()
                    .statusCode(200)
                    .body("period", org.hamcrest.Matchers.equalTo(nextMonth))
                    .body("status", org.hamcrest.Matchers.equalTo("normal"));
        } finally {
            pool.preparedQuery("DELETE FROM quota_usage WHERE quota_id = $1 AND partition = 999")
                    .execute(Tuple.of(q.quotaId()))
                    .await()
                    .atMost(Duration.ofSeconds(10));
        }
    }

    private QuotaEvent prepaid(BigDecimal allocated, long epoch) {
        // project = "": the per-project parts of the sub-account's spend are not counted again
        return new QuotaEvent(
                "q-" + subject,
                new QuotaEvent.Subject("sub_account", subject),
                "cloud_spend_month_to_date",
                Map.of("sub_account", subject, "project", ""),
                allocated,
                "CNY",
                List.of(new BigDecimal("50"), new BigDecimal("80")),
                true,
                true,
                epoch,
                null,
                null,
                null,
                null,
                null);
    }

    private List<AlertEvent> firing(String step) {
        return events(AlertStatus.FIRING).stream()
                .filter(a -> step.equals(a.labels().get("step")))
                .toList();
    }

    private List<AlertEvent> resolved(String step) {
        return events(AlertStatus.RESOLVED).stream()
                .filter(a -> step.equals(a.labels().get("step")))
                .toList();
    }

    private List<QuotaUsageEvent> reports() {
        return KafkaRecords.data(usage, QuotaUsageEvent.class, r -> ("q-" + subject).equals(r.quotaId()));
    }

    private List<AlertEvent> events(AlertStatus status) {
        return EvaluatorFixture.alerts(
                alerts,
                a -> a.quota() != null && ("q-" + subject).equals(a.quota().quotaId()),
                status);
    }

    /** Publishes a definition and waits until the evaluator has it (amounts before that are not counted). */
    private void quota(QuotaEvent q) {
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(Topics.QUOTAS, q.quotaId(), CloudEvent.of("test", q)))
                .awaitCompletion();
        Waits.flow()
                .until(
                        () -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                                .get("/api/v1/quota-usage/" + q.quotaId())
                                .then()
                                .extract()
                                .path("epoch"),
                        epoch -> epoch != null && ((Number) epoch).longValue() == q.epoch());
    }

    private void spend(String monthToDate) {
        metric(new MetricEvent(
                "cloud_spend_month_to_date",
                MetricKind.SPEND,
                new BigDecimal(monthToDate),
                "CNY",
                Map.of("sub_account", subject, "account", "main"),
                Instant.now()));
        metric(new MetricEvent(
                "cloud_spend_month_to_date",
                MetricKind.SPEND,
                new BigDecimal(monthToDate),
                "CNY",
                Map.of("sub_account", subject, "account", "main", "project", "p1"),
                Instant.now()));
    }

    private void energy(String device, String kwh) {
        metric(new MetricEvent(
                "energy_consumption",
                MetricKind.ENERGY,
                new BigDecimal(kwh),
                "kWh",
                Map.of("device_group", subject, "device", device, "energy_type", "electricity"),
                Instant.now()));
    }

    private void metric(MetricEvent m) {
        EvaluatorFixture.publish(kafka, m);
    }
}
