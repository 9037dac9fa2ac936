package io.watchkeeper.evaluator.engine;

import static io.restassured.RestAssured.given;
import static io.watchkeeper.evaluator.EvaluatorFixture.createRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.evaluator.EvaluatorFixture;
import io.watchkeeper.evaluator.EvaluatorTest;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rules whose alerts depend on time — {@code for}, forecasts, renewals — published on the real broker. */
@EvaluatorTest
class TimedRulesTest {

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
    void a_condition_must_hold_for_its_for_before_the_alert_is_published_and_is_pending_meanwhile() {
        String ruleId = createRule(
                """
                {"name":"low for 4s %s","type":"threshold","severity":"warning","for":"4s","cooldownMinutes":0,
                 "matchers":[{"label":"app","op":"=","value":"%s"}],
                 "condition":{"metric":"provider_balance","aggregation":"last","window":"10m","operator":"<","threshold":10}}"""
                        .formatted(app, app));
        Instant low = Instant.now();
        balance("5", low);

        Waits.flow().untilAsserted(() -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("label", "app=" + app)
                .queryParam("status", "pending")
                .get("/api/v1/alerts")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].ruleId", equalTo(ruleId)));
        assertThat(events(AlertStatus.FIRING))
                .as("pending alerts are not published")
                .isEmpty();

        AlertEvent firing = Waits.flow().until(() -> first(AlertStatus.FIRING), a -> a != null);
        assertThat(Duration.between(low, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(firing.value()).isEqualByComparingTo("5");
    }

    @Test
    void a_balance_that_will_run_out_within_the_horizon_fires_a_forecast_with_when() {
        createRule(
                """
                {"name":"runs out %s","type":"forecast","severity":"warning","cooldownMinutes":0,
                 "matchers":[{"label":"app","op":"=","value":"%s"}],
                 "condition":{"metric":"provider_balance","window":"6h","horizon":"3d"}}"""
                        .formatted(app, app));
        // 20 an hour less, each hour of the last three: zero in two hours, known from the third observation on
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        balance("100", now.minus(3, ChronoUnit.HOURS));
        balance("80", now.minus(2, ChronoUnit.HOURS));
        balance("60", now.minus(1, ChronoUnit.HOURS));
        balance("40", now);

        AlertEvent forecast = Waits.flow().until(() -> first(AlertStatus.FIRING), a -> a != null);
        assertThat(forecast.type()).isEqualTo("forecast");
        assertThat(forecast.value()).isEqualByComparingTo("60");
        Instant depletes = Instant.parse(forecast.annotations().get("depletesAt"));
        assertThat(depletes).isBetween(now.plus(110, ChronoUnit.MINUTES), now.plus(130, ChronoUnit.MINUTES));
        assertThat(new BigDecimal(forecast.annotations().get("burnRatePerHour")))
                .isEqualByComparingTo("20");
    }

    @Test
    void a_renewal_due_within_its_days_is_reminded_and_reminded_again_every_repeat() {
        LocalDate renewsOn = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        createRule(
                """
                {"name":"renewals %s","type":"renewal","severity":"info","cooldownMinutes":0,"labels":{"app":"%s"},
                 "condition":{"daysBefore":7,"repeatEvery":"3s","subscriptions":[
                   {"name":"domain %s","renewsOn":"%s","cycle":"yearly","amount":69,"currency":"CNY"}]}}"""
                        .formatted(app, app, app, renewsOn));

        AlertEvent reminder = Waits.flow().until(() -> first(AlertStatus.FIRING), a -> a != null);
        assertThat(reminder.type()).isEqualTo("renewal");
        assertThat(reminder.annotations())
                .containsEntry("renewsOn", renewsOn.toString())
                .containsEntry("daysLeft", "3")
                .containsEntry("subscription", "domain " + app);
        // the same alert, published again while the renewal is due
        Waits.flow().until(() -> events(AlertStatus.FIRING).size() >= 2);
        assertThat(events(AlertStatus.FIRING)).extracting(AlertEvent::alertId).containsOnly(reminder.alertId());
    }

    private AlertEvent first(AlertStatus status) {
        List<AlertEvent> found = events(status);
        return found.isEmpty() ? null : found.get(0);
    }

    private List<AlertEvent> events(AlertStatus status) {
        return EvaluatorFixture.alerts(alerts, a -> app.equals(a.labels().get("app")), status);
    }

    private void balance(String value, Instant at) {
        EvaluatorFixture.publish(
                kafka,
                new MetricEvent(
                        "provider_balance",
                        MetricKind.BALANCE,
                        new BigDecimal(value),
                        "USD",
                        Map.of("app", app, "source", "main"),
                        at));
    }
}
