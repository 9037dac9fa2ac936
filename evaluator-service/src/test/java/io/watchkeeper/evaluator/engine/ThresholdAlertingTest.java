package io.watchkeeper.evaluator.engine;

import static io.restassured.RestAssured.given;
import static io.watchkeeper.evaluator.EvaluatorFixture.createRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.evaluator.EvaluatorFixture;
import io.watchkeeper.evaluator.EvaluatorTest;
import io.watchkeeper.platform.kafka.SeriesPartitioner;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threshold rules end to end on the real broker: lifecycle by hand, an event's words, cooldown, the daily cap, actions
 * taken.
 */
@EvaluatorTest
class ThresholdAlertingTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private ConsumerTask<String, byte[]> alerts;
    private final String app = "app-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void listen() {
        alerts = kafka.consume(String.class, byte[].class).fromTopics(Topics.ALERTS);
    }

    @AfterEach
    void stop() {
        alerts.close();
    }

    @Test
    void a_low_balance_fires_is_acknowledged_and_resolves_when_topped_up_with_its_history() {
        String ruleId = createRule(
                """
                {"name":"low balance %s","type":"threshold","severity":"critical","priority":"high","cooldownMinutes":0,
                 "matchers":[{"label":"app","op":"=","value":"%s"}],
                 "condition":{"metric":"provider_balance","aggregation":"last","window":"10m","operator":"<","threshold":10}}"""
                        .formatted(app, app));
        balance("25.00");
        balance("9.50");

        AlertEvent firing = Waits.flow().until(() -> only(AlertStatus.FIRING), a -> a != null);
        assertThat(firing.ruleId()).isEqualTo(ruleId);
        assertThat(firing.value()).isEqualByComparingTo("9.50");
        assertThat(firing.threshold()).isEqualByComparingTo("10");
        assertThat(firing.labels()).containsEntry("priority", "high").containsEntry("app", app);
        assertThat(firing.title()).contains("last(provider_balance)");
        Waits.flow().until(() -> openAlerts("critical", "firing") >= 1);

        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .post("/api/v1/alerts/" + firing.alertId() + "/ack")
                .then()
                .statusCode(403);
        given().header("Authorization", TestTokens.bearer("otto", "operator"))
                .post("/api/v1/alerts/" + firing.alertId() + "/ack")
                .then()
                .statusCode(200)
                .body("status", equalTo("acknowledged"))
                .body("acknowledgedBy", equalTo("otto"));
        AlertEvent acked = Waits.flow().until(() -> only(AlertStatus.ACKNOWLEDGED), a -> a != null);
        assertThat(acked.acknowledgedBy()).isEqualTo("otto");
        Waits.flow().until(() -> openAlerts("critical", "acknowledged") >= 1);

        balance("120");
        AlertEvent resolved = Waits.flow().until(() -> only(AlertStatus.RESOLVED), a -> a != null);
        assertThat(resolved.alertId()).isEqualTo(firing.alertId());

        // filters: label, tenant, time, severity — each narrows to this alert or to nothing
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("label", "app=" + app)
                .queryParam("label", "priority=high")
                .queryParam("severity", "critical")
                .queryParam("from", firing.startsAt().minusSeconds(1).toString())
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(firing.alertId().toString()));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("label", "app=" + app)
                .queryParam("tenant", "someone-else")
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("label", "app=" + app)
                .queryParam("to", firing.startsAt().minusSeconds(1).toString())
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("label", "app")
                .get("/api/v1/alerts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("label"));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .get("/api/v1/alerts/" + firing.alertId())
                .then()
                .statusCode(200)
                .body("status", equalTo("resolved"))
                .body("history.to", equalTo(List.of("firing", "acknowledged", "resolved")))
                .body("history.actor", equalTo(List.of("engine", "otto", "engine")));
        // a resolved alert cannot be acknowledged
        given().header("Authorization", TestTokens.bearer("otto", "operator"))
                .post("/api/v1/alerts/" + firing.alertId() + "/ack")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void an_event_brings_its_words_into_the_alert_it_opens_and_updates_it_while_open() {
        createRule(
                """
                {"name":"trade events %s","type":"threshold","cooldownMinutes":0,"annotations":{"runbook":"https://wiki/trade"},
                 "matchers":[{"label":"app","op":"=","value":"%s"}],
                 "condition":{"metric":"notify_event","aggregation":"count","window":"10m","operator":">=","threshold":1}}"""
                        .formatted(app, app));
        event(Map.of("message", "order 41 stuck", "event_id", "e-41"));

        AlertEvent opened = Waits.flow().until(() -> only(AlertStatus.FIRING), a -> a != null);
        assertThat(opened.annotations())
                .containsEntry("message", "order 41 stuck")
                .containsEntry("event_id", "e-41")
                .containsEntry("runbook", "https://wiki/trade");

        event(Map.of("message", "order 42 stuck", "event_id", "e-42"));
        List<AlertEvent> updated = Waits.flow().until(() -> events(AlertStatus.FIRING), found -> found.size() == 2);
        assertThat(updated.get(1).alertId()).isEqualTo(opened.alertId()); // the same alert, not a second one
        assertThat(updated.get(1).annotations())
                .containsEntry("message", "order 42 stuck")
                .containsEntry("event_id", "e-42")
                .containsEntry("runbook", "https://wiki/trade");
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .get("/api/v1/alerts/" + opened.alertId())
                .then()
                .statusCode(200)
                .body("annotations.message", equalTo("order 42 stuck"));

        event(Map.of()); // an event without words leaves the open alert as it is
        Waits.quiet().until(() -> events(AlertStatus.FIRING).size() == 2);
    }

    @Test
    void a_refiring_inside_the_cooldown_is_suppressed_and_visible_but_not_published() {
        createRule(
                """
                {"name":"cooldown %s","type":"threshold","cooldownMinutes":30,
                 "matchers":[{"label":"app","op":"=","value":"%s"}],
                 "condition":{"metric":"provider_balance","window":"10m","operator":"<","threshold":10}}"""
                        .formatted(app, app));
        balance("5");
        Waits.flow().until(() -> only(AlertStatus.FIRING) != null);
        balance("50");
        Waits.flow().until(() -> only(AlertStatus.RESOLVED) != null);
        balance("4");

        Waits.flow()
                .until(
                        () -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                                .queryParam("status", "suppressed")
                                .queryParam("label", "app=" + app)
                                .get("/api/v1/alerts")
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("total"),
                        t -> Integer.valueOf(1).equals(t));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("status", "suppressed")
                .queryParam("label", "app=" + app)
                .get("/api/v1/alerts")
                .then()
                .body("items[0].suppressedReason", equalTo("cooldown"));
        Waits.quiet().until(() -> events(AlertStatus.FIRING).size() == 1);
    }

    @Test
    void beyond_the_daily_cap_firings_are_suppressed_until_tomorrow() {
        String ruleId = createRule(
                """
                {"name":"cap %s","type":"threshold","cooldownMinutes":0,"maxAlertsPerDay":1,
                 "matchers":[{"label":"app","op":"=","value":"%s"}],
                 "condition":{"metric":"provider_balance","window":"10m","operator":"<","threshold":10}}"""
                        .formatted(app, app));
        balance("5");
        Waits.flow().until(() -> only(AlertStatus.FIRING) != null);
        balance("50");
        Waits.flow().until(() -> only(AlertStatus.RESOLVED) != null);
        balance("3");
        Waits.flow()
                .until(
                        () -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                                .queryParam("status", "suppressed")
                                .queryParam("ruleId", ruleId)
                                .get("/api/v1/alerts")
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("items[0].suppressedReason"),
                        r -> "daily_cap".equals(r));
        assertThat(events(AlertStatus.FIRING)).hasSize(1);
    }

    @Test
    void an_ignored_alert_is_closed_and_does_not_fire_again_while_the_condition_holds() {
        createRule(
                """
                {"name":"ignore %s","type":"threshold","cooldownMinutes":0,
                 "matchers":[{"label":"app","op":"=","value":"%s"}],
                 "condition":{"metric":"provider_balance","window":"10m","operator":"<","threshold":10}}"""
                        .formatted(app, app));
        balance("5");
        AlertEvent firing = Waits.flow().until(() -> only(AlertStatus.FIRING), a -> a != null);
        given().header("Authorization", TestTokens.bearer("otto", "operator"))
                .post("/api/v1/alerts/" + firing.alertId() + "/ignore")
                .then()
                .statusCode(200)
                .body("status", equalTo("ignored"));
        Waits.flow().until(() -> only(AlertStatus.IGNORED) != null);
        balance("4");
        Waits.quiet().until(() -> events(AlertStatus.FIRING).size() == 1);
    }

    @Test
    void an_error_rate_fires_per_tenant_app_when_calls_and_errors_meet_on_one_partition() {
        createRule(
                """
                {"name":"error rate %s","type":"ratio","cooldownMinutes":0,
                 "matchers":[{"label":"app","op":"=","value":"%s"}],
                 "condition":{"numerator":"usage_errors","denominator":"usage_calls","window":"5m","operator":">",
                  "threshold":0.1,"minDenominator":10}}"""
                        .formatted(app, app));
        usage("usage_calls", "acme", 100);
        usage("usage_errors", "acme", 5);
        usage("usage_calls", "globex", 100);
        usage("usage_errors", "globex", 30);

        AlertEvent firing = Waits.flow().until(() -> only(AlertStatus.FIRING), a -> a != null);
        assertThat(firing.labels()).containsEntry("tenant", "globex");
        assertThat(firing.value()).isEqualByComparingTo("0.3");
        Waits.quiet().until(() -> events(AlertStatus.FIRING).size() == 1);
    }

    @Test
    void a_series_that_goes_quiet_is_evicted_from_memory() {
        createRule(
                """
                {"name":"evict %s","type":"threshold",
                 "matchers":[{"label":"app","op":"=","value":"%s"}],
                 "condition":{"metric":"provider_balance","window":"1s","operator":"<","threshold":10}}"""
                        .formatted(app, app));
        double before = evicted();
        balance("50");
        // idle-after is 2s in tests: the quiet binding goes within a few ticks, with no alert
        Waits.flow().until(() -> evicted() > before);
        assertThat(events(AlertStatus.FIRING)).isEmpty();
    }

    @Test
    void the_actions_the_notifier_reports_show_on_the_alert_once_each() {
        createRule(
                """
                {"name":"actions %s","type":"threshold","cooldownMinutes":0,"matchers":[{"label":"app","op":"=","value":"%s"}],
                 "condition":{"metric":"provider_balance","window":"10m","operator":"<","threshold":10}}"""
                        .formatted(app, app));
        balance("5");
        AlertEvent firing = Waits.flow().until(() -> only(AlertStatus.FIRING), a -> a != null);
        String alertId = firing.alertId().toString();
        String actionId = UUID.randomUUID().toString();
        ConsumerTask<String, byte[]> dlq = KafkaRecords.fromNow(kafka, Topics.deadLetter(Topics.DELIVERIES), r -> true);
        try {
            // as the notifier publishes them: a message (not an action: ignored), a restart read twice, a refused one,
            // and an entry that breaks the contract
            delivery(
                    alertId,
                    alertId + "-msg",
                    new DeliveryEvent(alertId, UUID.randomUUID().toString(), DeliveryEvent.Status.SENT, 1, null));
            DeliveryEvent restart = new DeliveryEvent(
                    alertId,
                    "action:" + actionId,
                    DeliveryEvent.Status.SENT,
                    1,
                    null,
                    new DeliveryEvent.Action(actionId, "restart " + app, "done", "automatic", "notifier"));
            String runId = UUID.randomUUID() + ".run";
            delivery(alertId, runId, restart);
            delivery(alertId, runId, restart);
            delivery(
                    alertId,
                    alertId + "-later",
                    new DeliveryEvent(
                            alertId,
                            "action:" + actionId,
                            DeliveryEvent.Status.SKIPPED,
                            1,
                            "deployment/shop/web was acted on less than 10 minute(s) ago",
                            new DeliveryEvent.Action(actionId, "restart " + app, "cooldown", "manual", "otto")));
            String broken = "broken-" + app;
            delivery(
                    broken,
                    broken,
                    new DeliveryEvent(
                            "not-a-uuid",
                            "action:" + actionId,
                            DeliveryEvent.Status.SENT,
                            1,
                            null,
                            new DeliveryEvent.Action(actionId, "restart " + app, "done", "manual", "otto")));

            Waits.flow().untilAsserted(() -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                    .get("/api/v1/alerts/" + alertId)
                    .then()
                    .statusCode(200)
                    .body("actionsTaken.result", equalTo(List.of("done", "cooldown")))
                    .body("actionsTaken.actor", equalTo(List.of("notifier", "otto")))
                    .body("actionsTaken[0].name", equalTo("restart " + app))
                    .body("actionsTaken[0].trigger", equalTo("automatic"))
                    .body(
                            "actionsTaken[1].detail",
                            equalTo("deployment/shop/web was acted on less than 10 minute(s) ago")));
            Waits.flow().until(() -> dlq.getRecords().stream()
                    .anyMatch(r -> broken.equals(r.key())
                            && KafkaRecords.header(r, "dead-letter-reason").contains("alertId is not a UUID")));
        } finally {
            dlq.close();
        }
    }

    private void delivery(String key, String id, DeliveryEvent entry) {
        kafka.produce(String.class, byte[].class)
                .fromRecords(
                        KafkaRecords.cloudEvent(Topics.DELIVERIES, key, CloudEvent.of(id, "notifier-service", entry)))
                .awaitCompletion();
    }

    private static double evicted() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("watchkeeper_evaluator_bindings_evicted_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }

    private void usage(String metric, String tenant, int value) {
        MetricEvent m = new MetricEvent(
                metric,
                MetricKind.USAGE,
                BigDecimal.valueOf(value),
                null,
                Map.of("app", app, "tenant", tenant),
                Instant.now());
        var record = KafkaRecords.cloudEvent(Topics.METRICS, m.seriesKey(), CloudEvent.of("test", m));
        int partitions = kafka.topics()
                .describe(Topics.METRICS)
                .get(Topics.METRICS)
                .partitions()
                .size();
        kafka.produce(String.class, byte[].class)
                .fromRecords(new ProducerRecord<>(
                        record.topic(),
                        SeriesPartitioner.partition(record.key(), partitions),
                        record.key(),
                        record.value(),
                        record.headers()))
                .awaitCompletion();
    }

    private AlertEvent only(AlertStatus status) {
        List<AlertEvent> found = events(status);
        assertThat(found).hasSizeLessThanOrEqualTo(1);
        return found.isEmpty() ? null : found.get(0);
    }

    private List<AlertEvent> events(AlertStatus status) {
        return EvaluatorFixture.alerts(alerts, a -> app.equals(a.labels().get("app")), status);
    }

    private void balance(String value) {
        EvaluatorFixture.publish(
                kafka,
                new MetricEvent(
                        "provider_balance",
                        MetricKind.BALANCE,
                        new BigDecimal(value),
                        "USD",
                        Map.of("app", app, "source", "main"),
                        Instant.now()));
    }

    private void event(Map<String, String> annotations) {
        EvaluatorFixture.publish(
                kafka,
                new MetricEvent(
                        "notify_event",
                        MetricKind.EVENT,
                        BigDecimal.ONE,
                        null,
                        Map.of("app", app),
                        Instant.now(),
                        annotations));
    }

    /** {@code watchkeeper_evaluator_alerts_open} of threshold alerts with this severity and status, from /q/metrics. */
    private static double openAlerts(String severity, String status) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("watchkeeper_evaluator_alerts_open\\{severity=\""
                        + severity + "\",status=\"" + status + "\",tenant=\"\",type=\"threshold\"} ([0-9.]+)")
                .matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
