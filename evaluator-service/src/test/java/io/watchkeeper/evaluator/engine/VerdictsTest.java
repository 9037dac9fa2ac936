package io.watchkeeper.evaluator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.evaluator.rule.Conditions;
import io.watchkeeper.evaluator.rule.Priority;
import io.watchkeeper.evaluator.rule.RuleSpec;
import io.watchkeeper.evaluator.rule.RuleType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The engine's arithmetic and state machine, without Kafka or a database. */
class VerdictsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Instant t0 = Instant.parse("2026-11-22T10:00:00Z");

    private static RuleSpec rule(RuleType type, String condition, String pendingFor, String keepFiringFor) {
        try {
            return new RuleSpec(
                    UUID.randomUUID(),
                    "r",
                    type,
                    List.of(),
                    Conditions.parse(type, JSON.readTree(condition)),
                    Severity.WARNING,
                    Priority.MEDIUM,
                    Duration.parse(pendingFor),
                    Duration.parse(keepFiringFor),
                    Duration.ZERO,
                    10,
                    Map.of(),
                    Map.of(),
                    true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Binding binding(RuleSpec rule) {
        return new Binding(rule, "fp", 0, Map.of("app", "chat"));
    }

    private void observe(Binding b, String metric, Instant at, String value, Instant now) {
        b.observe(metric, at.toEpochMilli(), new BigDecimal(value), now.toEpochMilli());
    }

    @Test
    void aggregations_over_a_sliding_window_forget_what_slid_out() {
        Binding b = binding(rule(
                RuleType.THRESHOLD,
                """
                {"metric":"m","aggregation":"avg","window":"1m","operator":">","threshold":5}""",
                "PT0S",
                "PT0S"));
        observe(b, "m", t0, "2", t0);
        observe(b, "m", t0.plusSeconds(10), "10", t0.plusSeconds(10));
        Verdicts.Verdict v = Verdicts.evaluate(b, t0.plusSeconds(10));
        assertThat(v.value()).isEqualByComparingTo("6");
        assertThat(v.holds()).isTrue();
        // 65 s later the first observation is out of the window: avg = 10
        assertThat(Verdicts.evaluate(b, t0.plusSeconds(65)).value()).isEqualByComparingTo("10");
        // and after another minute nothing is left: no data, no alert
        assertThat(Verdicts.evaluate(b, t0.plusSeconds(130)).holds()).isFalse();
        Window.Stats s = b.stats("m", t0.plusSeconds(10).toEpochMilli());
        assertThat(s.count).isEqualTo(2);
        assertThat(s.sum).isEqualByComparingTo("12");
        Binding rate = binding(rule(
                RuleType.THRESHOLD,
                """
                {"metric":"m","aggregation":"rate","window":"1m","operator":">","threshold":0.5}""",
                "PT0S",
                "PT0S"));
        observe(rate, "m", t0, "2", t0);
        observe(rate, "m", t0.plusSeconds(10), "10", t0.plusSeconds(10));
        assertThat(Verdicts.evaluate(rate, t0.plusSeconds(10)).value()).isEqualByComparingTo("0.8");
    }

    @Test
    void money_is_summed_exactly() {
        Binding b = binding(rule(
                RuleType.THRESHOLD,
                """
                {"metric":"m","aggregation":"sum","window":"1h","operator":">=","threshold":0.3}""",
                "PT0S",
                "PT0S"));
        observe(b, "m", t0, "0.1", t0);
        observe(b, "m", t0.plusSeconds(1), "0.2", t0.plusSeconds(1));
        Verdicts.Verdict v = Verdicts.evaluate(b, t0.plusSeconds(1));
        assertThat(v.value()).isEqualTo(new BigDecimal("0.3"));
        assertThat(v.holds()).isTrue();
    }

    @Test
    void error_rate_needs_enough_calls() {
        Binding b = binding(rule(
                RuleType.RATIO,
                """
                {"numerator":"errors","denominator":"calls","window":"5m","operator":">","threshold":0.05,
                 "minDenominator":100}""",
                "PT0S",
                "PT0S"));
        observe(b, "calls", t0, "50", t0);
        observe(b, "errors", t0, "10", t0);
        assertThat(Verdicts.evaluate(b, t0).holds())
                .as("50 calls are too few to judge")
                .isFalse();
        observe(b, "calls", t0.plusSeconds(1), "150", t0.plusSeconds(1));
        Verdicts.Verdict v = Verdicts.evaluate(b, t0.plusSeconds(1));
        assertThat(v.value()).isEqualByComparingTo("0.05");
        assertThat(v.holds()).isFalse();
        observe(b, "errors", t0.plusSeconds(2), "1", t0.plusSeconds(2));
        assertThat(Verdicts.evaluate(b, t0.plusSeconds(2)).holds()).isTrue();
    }

    @Test
    void p99_latency() {
        Binding b = binding(rule(
                RuleType.PERCENTILE,
                """
                {"metric":"lat","percentile":99,"window":"5m","operator":">","threshold":1000}""",
                "PT0S",
                "PT0S"));
        for (int i = 1; i <= 100; i++) {
            observe(b, "lat", t0, i == 100 ? "5000" : "100", t0);
        }
        Verdicts.Verdict p99 = Verdicts.evaluate(b, t0);
        assertThat(p99.value())
                .as("one slow call in 100 is the p100, not the p99")
                .isEqualByComparingTo("100");
        assertThat(p99.holds()).isFalse();
        observe(b, "lat", t0, "4000", t0);
        assertThat(Verdicts.evaluate(b, t0).value()).isEqualByComparingTo("4000");
        assertThat(Verdicts.evaluate(b, t0).holds()).isTrue();
    }

    @Test
    void a_balance_burning_10_an_hour_from_100_runs_out_in_10_hours() {
        Binding b = binding(rule(
                RuleType.FORECAST,
                """
                {"metric":"bal","window":"6h","horizon":"12h"}""",
                "PT0S",
                "PT0S"));
        for (int m = 0; m <= 120; m += 10) {
            observe(b, "bal", t0.plusSeconds(m * 60L), Double.toString(100 - m / 6.0), t0.plusSeconds(m * 60L));
        }
        Instant now = t0.plusSeconds(7200);
        Verdicts.Verdict v = Verdicts.evaluate(b, now);
        assertThat(v.holds()).isTrue();
        Instant depletes = Instant.parse(v.annotations().get("depletesAt"));
        assertThat(Duration.between(t0.plus(Duration.ofHours(10)), depletes).abs())
                .isLessThan(Duration.ofMinutes(1));
        assertThat(new BigDecimal(v.annotations().get("burnRatePerHour"))).isEqualByComparingTo("10");
        // with a 6 h horizon the same burn is not yet alarming (8 h left)
        Binding calm = binding(rule(
                RuleType.FORECAST,
                """
                {"metric":"bal","window":"6h","horizon":"6h"}""",
                "PT0S",
                "PT0S"));
        for (int m = 0; m <= 120; m += 10) {
            observe(calm, "bal", t0.plusSeconds(m * 60L), Double.toString(100 - m / 6.0), t0.plusSeconds(m * 60L));
        }
        assertThat(Verdicts.evaluate(calm, now).holds()).isFalse();
    }

    @Test
    void pending_for_then_firing_and_keep_firing_for_before_resolving() {
        Binding b = binding(rule(
                RuleType.THRESHOLD,
                """
                {"metric":"m","window":"1m","operator":">","threshold":5}""",
                "PT2M",
                "PT1M"));
        assertThat(b.step(true, t0, t0)).isEqualTo(Binding.Action.PENDING);
        assertThat(b.step(true, t0, t0.plusSeconds(60))).isEqualTo(Binding.Action.NONE);
        assertThat(b.step(true, t0, t0.plusSeconds(120))).isEqualTo(Binding.Action.FIRE);
        assertThat(b.activeAt).isEqualTo(t0);
        assertThat(b.step(false, t0, t0.plusSeconds(130))).as("keeps firing").isEqualTo(Binding.Action.NONE);
        assertThat(b.step(true, t0, t0.plusSeconds(150)))
                .as("back before keepFiringFor ends")
                .isEqualTo(Binding.Action.NONE);
        assertThat(b.step(false, t0, t0.plusSeconds(160))).isEqualTo(Binding.Action.NONE);
        assertThat(b.step(false, t0, t0.plusSeconds(219))).isEqualTo(Binding.Action.NONE);
        assertThat(b.step(false, t0, t0.plusSeconds(220))).isEqualTo(Binding.Action.CLOSE);
        // a condition that clears inside `for` never fires
        assertThat(b.step(true, t0.plusSeconds(300), t0.plusSeconds(300))).isEqualTo(Binding.Action.PENDING);
        assertThat(b.step(false, t0, t0.plusSeconds(310))).isEqualTo(Binding.Action.CLOSE);
    }

    @Test
    void a_checkpointed_binding_restores_its_window_and_episode() {
        RuleSpec rule = rule(
                RuleType.THRESHOLD,
                """
                {"metric":"m","aggregation":"sum","window":"10m","operator":">","threshold":5}""",
                "PT0S",
                "PT0S");
        Binding b = binding(rule);
        observe(b, "m", t0, "4.25", t0);
        observe(b, "m", t0.plusSeconds(30), "3", t0.plusSeconds(30));
        b.step(true, t0.plusSeconds(30), t0.plusSeconds(30));
        Binding restored = Binding.deserialize(rule, "fp", 0, b.serialize());
        assertThat(restored.labels).isEqualTo(b.labels);
        assertThat(restored.phase).isEqualTo(Binding.Phase.ACTIVE);
        assertThat(restored.activeAt).isEqualTo(t0.plusSeconds(30));
        assertThat(Verdicts.evaluate(restored, t0.plusSeconds(31)).value()).isEqualByComparingTo("7.25");
    }

    @Test
    void every_aggregate_survives_a_checkpoint_exactly() {
        Instant now = t0.plusSeconds(50);
        for (String aggregation : List.of("sum", "min", "max", "avg", "count", "rate", "last")) {
            RuleSpec rule = rule(
                    RuleType.THRESHOLD,
                    """
                    {"metric":"m","aggregation":"%s","window":"1m","operator":">","threshold":5}"""
                            .formatted(aggregation),
                    "PT0S",
                    "PT0S");
            Binding b = binding(rule);
            // beyond a long, negative, many decimals: money-safe values must come back unchanged
            observe(b, "m", t0, "123456789012345678901234567890.5", t0);
            observe(b, "m", t0.plusSeconds(20), "-0.000000001", t0.plusSeconds(20));
            observe(b, "m", t0.plusSeconds(40), "42", t0.plusSeconds(40));
            Binding restored = Binding.deserialize(rule, "fp", 0, b.serialize());
            assertThat(Verdicts.evaluate(restored, now).value())
                    .as(aggregation)
                    .isEqualTo(Verdicts.evaluate(b, now).value());
        }
        RuleSpec p99 = rule(
                RuleType.PERCENTILE,
                """
                {"metric":"lat","percentile":99,"window":"1m","operator":">","threshold":500}""",
                "PT0S",
                "PT0S");
        Binding latency = binding(p99);
        for (int i = 1; i <= 300; i++) {
            observe(latency, "lat", t0.plusMillis(i * 100L), Integer.toString(i), t0.plusMillis(i * 100L));
        }
        Binding restoredLatency = Binding.deserialize(p99, "fp", 0, latency.serialize());
        observe(latency, "lat", now, "1000", now);
        observe(restoredLatency, "lat", now, "1000", now);
        assertThat(Verdicts.evaluate(restoredLatency, now).value())
                .isEqualTo(Verdicts.evaluate(latency, now).value());
        RuleSpec forecast = rule(
                RuleType.FORECAST,
                """
                {"metric":"bal","window":"6h","horizon":"12h"}""",
                "PT0S",
                "PT0S");
        Binding balance = binding(forecast);
        for (int m = 0; m <= 120; m += 10) {
            observe(balance, "bal", t0.plusSeconds(m * 60L), Double.toString(100 - m / 6.0), t0.plusSeconds(m * 60L));
        }
        Verdicts.Verdict before = Verdicts.evaluate(balance, t0.plusSeconds(7200));
        Verdicts.Verdict after =
                Verdicts.evaluate(Binding.deserialize(forecast, "fp", 0, balance.serialize()), t0.plusSeconds(7200));
        assertThat(after.annotations()).isEqualTo(before.annotations()).containsKey("depletesAt");
    }

    @Test
    void renewal_counts_days_to_the_next_date_of_the_cycle() {
        RuleSpec rule = rule(
                RuleType.RENEWAL,
                """
                {"daysBefore":7,"subscriptions":[{"name":"Team plan","renewsOn":"2026-01-25","cycle":"monthly"}]}""",
                "PT0S",
                "PT0S");
        var c = (io.watchkeeper.evaluator.rule.Condition.Renewal) rule.condition();
        Verdicts.Verdict v = Verdicts.renewal(c, c.subscriptions().get(0), "renewals", t0);
        assertThat(v.holds()).isTrue();
        assertThat(v.annotations()).containsEntry("renewsOn", "2026-11-25").containsEntry("daysLeft", "3");
        assertThat(v.since()).isEqualTo(Instant.parse("2026-11-18T00:00:00Z"));
        assertThat(Verdicts.renewal(c, c.subscriptions().get(0), "renewals", t0.minus(Duration.ofDays(10)))
                        .holds())
                .isFalse();
    }
}
