package io.watchkeeper.quota.usage;

import static io.restassured.RestAssured.given;
import static io.watchkeeper.quota.QuotaRequests.admin;
import static io.watchkeeper.quota.QuotaRequests.knownPlatformSettings;
import static io.watchkeeper.quota.QuotaRequests.prepaid;
import static io.watchkeeper.quota.QuotaRequests.viewer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.EventType;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.MalformedRecords;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Step status from quota alerts and consumption from usage reports, both from the real broker. */
@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "quota"))
class StepAndUsageTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private final String subject = "sub-" + UUID.randomUUID().toString().substring(0, 8);

    @org.junit.jupiter.api.BeforeEach
    void settings() {
        knownPlatformSettings();
    }

    private final Instant t0 = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

    @Test
    void a_step_fires_and_re_arms_with_its_alerts_and_replayed_or_duplicated_alerts_change_nothing() {
        String id = quota();
        UUID alertId = UUID.randomUUID();
        alert(step(id, alertId, "50", AlertStatus.FIRING), t0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "fired"
                .equals(viewer().get("/api/v1/quotas/" + id).then().extract().path("steps[0].state")));
        viewer().get("/api/v1/quotas/" + id)
                .then()
                .body("steps[0].step", equalTo(50))
                .body("steps[0].epoch", equalTo(1))
                .body("steps[0].firedAt", equalTo(t0.minusSeconds(5).toString()))
                .body("steps[1].state", equalTo("armed"));

        // the new allocation's re-arm (resolved), then a replay of the firing and a duplicate of the re-arm
        alert(step(id, alertId, "50", AlertStatus.RESOLVED), t0.plusSeconds(10));
        alert(step(id, alertId, "50", AlertStatus.FIRING), t0);
        alert(step(id, alertId, "50", AlertStatus.RESOLVED), t0.plusSeconds(10));
        alert(step(id, UUID.randomUUID(), "80", AlertStatus.FIRING), t0.plusSeconds(20)); // marks the end of the batch
        await().atMost(Duration.ofSeconds(10)).until(() -> "fired"
                .equals(viewer().get("/api/v1/quotas/" + id).then().extract().path("steps[1].state")));
        viewer().get("/api/v1/quotas/" + id).then().body("steps[0].state", equalTo("armed"));
    }

    @Test
    void an_older_usage_report_never_overwrites_a_newer_one() {
        String id = quota();
        usage(id, "80.00", t0.plusSeconds(10));
        usage(id, "20.00", t0); // a replay of an older report
        usage("not-our-quota-" + subject, "5", t0); // a quota this service does not own: ignored
        usage(id, "80.00", t0.plusSeconds(10)); // a duplicate
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        viewer().get("/api/v1/quotas/" + id).then().extract().path("consumedAsOf") != null);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> new BigDecimal(viewer().get("/api/v1/quotas/" + id)
                                        .then()
                                        .extract()
                                        .path("consumed")
                                        .toString())
                                .compareTo(new BigDecimal("80"))
                        == 0);
        viewer().get("/api/v1/quotas/" + id)
                .then()
                .body("usedPct", equalTo(79.60f))
                .body("status", equalTo("warning"));
        // the gauge dashboards and alert rules read
        java.util.regex.Pattern gauge =
                java.util.regex.Pattern.compile("watchkeeper_quota_used_percent\\{[^}]*quota_id=\"" + id
                        + "\",subject_id=\"" + subject + "\",subject_type=\"cloud_subaccount\"[^}]*} 79.6");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gauge.matcher(given().get("/q/metrics").asString()).find());
    }

    @Test
    void alerts_that_break_the_contract_are_dead_lettered_with_the_reason_and_consumption_goes_on() {
        String id = quota();
        ConsumerTask<String, byte[]> dlq = KafkaRecords.fromNow(
                kafka,
                Topics.deadLetter(Topics.ALERTS),
                r -> r.key() != null && r.key().startsWith(subject));
        try {
            AlertEvent valid = step(id, UUID.randomUUID(), "50", AlertStatus.FIRING);
            kafka.produce(String.class, byte[].class)
                    .fromRecords(MalformedRecords.mixed(
                            Topics.ALERTS,
                            new CloudEvent<>(UUID.randomUUID().toString(), "test", EventType.ALERT, t0, valid),
                            subject,
                            20))
                    .awaitCompletion();
            alert(valid, t0);
            MalformedRecords.assertEachDeadLettered(dlq, Topics.ALERTS, 20);
            await().atMost(Duration.ofSeconds(10)).until(() -> "fired"
                    .equals(viewer().get("/api/v1/quotas/" + id)
                            .then()
                            .extract()
                            .path("steps[0].state")));
        } finally {
            dlq.close();
        }
    }

    private String quota() {
        return admin().body(prepaid(subject, null))
                .post("/api/v1/quotas")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private AlertEvent step(String quotaId, UUID alertId, String step, AlertStatus status) {
        return new AlertEvent(
                alertId,
                "fp-" + quotaId + step,
                UUID.randomUUID().toString(),
                "quota steps",
                "quota_step",
                status,
                Severity.WARNING,
                "quota of cloud_subaccount " + subject,
                "used",
                Map.of("quota_id", quotaId, "step", step),
                Map.of(),
                new BigDecimal("55"),
                new BigDecimal(step),
                t0.minusSeconds(5),
                status == AlertStatus.RESOLVED ? t0.plusSeconds(10) : null,
                null,
                new AlertEvent.QuotaRef(quotaId, 1, new BigDecimal(step), new BigDecimal("55"), null));
    }

    private void alert(AlertEvent alert, Instant at) {
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(
                        Topics.ALERTS,
                        alert.fingerprint(),
                        new CloudEvent<>(UUID.randomUUID().toString(), "test", EventType.ALERT, at, alert)))
                .awaitCompletion();
    }

    private void usage(String quotaId, String consumed, Instant at) {
        QuotaUsageEvent report = new QuotaUsageEvent(
                quotaId,
                1,
                "all",
                new BigDecimal(consumed),
                new BigDecimal("100.50"),
                BigDecimal.ZERO,
                QuotaUsageEvent.Status.NORMAL,
                at);
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(Topics.QUOTA_USAGE, quotaId, CloudEvent.of("test", report)))
                .awaitCompletion();
    }
}
