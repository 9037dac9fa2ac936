package io.watchkeeper.evaluator.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent.Status;
import io.watchkeeper.evaluator.quota.QuotaSteps.Change;
import io.watchkeeper.evaluator.quota.QuotaSteps.Decision;
import io.watchkeeper.evaluator.quota.QuotaSteps.Fire;
import io.watchkeeper.evaluator.quota.QuotaSteps.Refresh;
import io.watchkeeper.evaluator.quota.QuotaSteps.Resolve;
import io.watchkeeper.evaluator.quota.QuotaSteps.Standing;
import io.watchkeeper.evaluator.quota.QuotaSteps.Why;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The quota step decisions, given usage and where a quota stood: what fires, refreshes and resolves. */
class QuotaStepsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    @Test
    void each_prepaid_step_fires_once_when_reached_and_100_percent_is_exhaustion() {
        QuotaEvent q = prepaid("100", 1, List.of());
        Decision first = QuotaSteps.decide(q, Standing.fresh(q), new BigDecimal("85"), Periods.ALL, T0);
        assertThat(first.changes())
                .containsExactly(
                        new Fire("50", new BigDecimal("50"), Status.WARNING, T0),
                        new Fire("80", new BigDecimal("80"), Status.WARNING, T0));

        Decision again = QuotaSteps.decide(q, first.next(), new BigDecimal("89.99"), Periods.ALL, T1);
        assertThat(again.changes()).isEmpty();
        assertThat(again.next()).isEqualTo(first.next());

        Decision exhausted = QuotaSteps.decide(q, again.next(), new BigDecimal("120"), Periods.ALL, T1);
        assertThat(exhausted.changes())
                .containsExactly(
                        new Fire("90", new BigDecimal("90"), Status.WARNING, T1),
                        new Fire("100", new BigDecimal("100"), Status.EXHAUSTED, T1));
        assertThat(exhausted.next().fired()).containsOnlyKeys("50", "80", "90", "100");
    }

    @Test
    void a_quotas_own_steps_replace_the_defaults_and_exhaustion_is_always_one() {
        QuotaEvent q = prepaid("1000", 1, List.of(new BigDecimal("25"), new BigDecimal("75.5")));
        assertThat(QuotaSteps.steps(q)).extracting(BigDecimal::toPlainString).containsExactly("25", "75.5", "100");
        assertThat(QuotaSteps.decide(q, Standing.fresh(q), new BigDecimal("760"), Periods.ALL, T0)
                        .changes())
                .extracting(Change::key)
                .containsExactly("25", "75.5");
    }

    @Test
    void a_new_allocation_re_arms_the_steps_now_above_the_usage_and_keeps_those_still_reached() {
        QuotaEvent q = prepaid("100", 1, List.of());
        Standing full = QuotaSteps.decide(q, Standing.fresh(q), new BigDecimal("100"), Periods.ALL, T0)
                .next();

        QuotaEvent doubled = prepaid("200", 2, List.of());
        Decision d = QuotaSteps.decide(doubled, full, new BigDecimal("100"), Periods.ALL, T1);
        assertThat(d.changes())
                .containsExactly(
                        new Resolve("100", T0, Why.REARMED, null),
                        new Resolve("80", T0, Why.REARMED, null),
                        new Resolve("90", T0, Why.REARMED, null));
        assertThat(d.next().epoch()).isEqualTo(2);
        assertThat(d.next().fired()).containsOnlyKeys("50");
        // the same epoch again: nothing more
        assertThat(QuotaSteps.decide(doubled, d.next(), new BigDecimal("100"), Periods.ALL, T1)
                        .changes())
                .isEmpty();
    }

    @Test
    void nothing_used_of_nothing_allocated_fires_nothing_and_anything_used_of_nothing_is_exhaustion() {
        QuotaEvent empty = prepaid("0", 1, List.of());
        assertThat(QuotaSteps.decide(empty, Standing.fresh(empty), BigDecimal.ZERO, Periods.ALL, T0)
                        .changes())
                .isEmpty();
        assertThat(QuotaSteps.decide(empty, Standing.fresh(empty), new BigDecimal("0.01"), Periods.ALL, T0)
                        .changes())
                .extracting(Change::key)
                .contains("100");
    }

    @Test
    void a_periodic_quota_has_one_alert_that_warns_escalates_and_resolves_when_usage_is_normal_again() {
        QuotaEvent q = monthly("1000", "50", "90");
        Decision warning = QuotaSteps.decide(q, Standing.fresh(q), new BigDecimal("550"), "2026-12", T0);
        assertThat(warning.changes()).containsExactly(new Fire(QuotaSteps.PERIOD, null, Status.WARNING, T0));
        assertThat(warning.next().status()).isEqualTo(Status.WARNING);

        Decision exceeded = QuotaSteps.decide(q, warning.next(), new BigDecimal("950"), "2026-12", T1);
        assertThat(exceeded.changes()).containsExactly(new Refresh(QuotaSteps.PERIOD, T0, Status.EXCEEDED));
        assertThat(QuotaSteps.decide(q, exceeded.next(), new BigDecimal("990"), "2026-12", T1)
                        .changes())
                .isEmpty();

        // an allocation raised mid-month brings the usage back under the warning
        QuotaEvent raised = monthly("5000", "50", "90");
        Decision normal = QuotaSteps.decide(raised, exceeded.next(), new BigDecimal("990"), "2026-12", T1);
        assertThat(normal.changes()).containsExactly(new Resolve(QuotaSteps.PERIOD, T0, Why.BACK_TO_NORMAL, null));
        assertThat(normal.next().fired()).isEmpty();
        assertThat(normal.next().status()).isEqualTo(Status.NORMAL);
    }

    @Test
    void the_period_rolling_over_resolves_the_open_alert_and_starts_the_new_period_normal() {
        QuotaEvent q = monthly("1000", null, null);
        Standing december = QuotaSteps.decide(q, Standing.fresh(q), new BigDecimal("1000"), "2026-12", T0)
                .next();
        assertThat(december.status()).isEqualTo(Status.EXCEEDED);

        Decision january = QuotaSteps.decide(q, december, new BigDecimal("10"), "2027-01", T1);
        assertThat(january.changes()).containsExactly(new Resolve(QuotaSteps.PERIOD, T0, Why.PERIOD_ENDED, "2026-12"));
        assertThat(january.next()).isEqualTo(new Standing(1, new TreeMap<>(), "2027-01", Status.NORMAL));

        // already at the warning (default 80 %) in the new period: the old alert resolves, a new one fires
        Decision busy = QuotaSteps.decide(q, december, new BigDecimal("850"), "2027-01", T1);
        assertThat(busy.changes())
                .containsExactly(
                        new Resolve(QuotaSteps.PERIOD, T0, Why.PERIOD_ENDED, "2026-12"),
                        new Fire(QuotaSteps.PERIOD, null, Status.WARNING, T1));
    }

    @Test
    void a_deleted_quota_resolves_every_open_alert() {
        Standing s = new Standing(3, new TreeMap<>(Map.of("50", T0, "80", T1)), null, Status.NORMAL);
        assertThat(QuotaSteps.deleted(s))
                .containsExactly(new Resolve("50", T0, Why.DELETED, null), new Resolve("80", T1, Why.DELETED, null));
    }

    private static QuotaEvent prepaid(String allocated, long epoch, List<BigDecimal> steps) {
        return new QuotaEvent(
                "q-1",
                new QuotaEvent.Subject("sub_account", "s-1"),
                "cloud_spend_month_to_date",
                Map.of(),
                new BigDecimal(allocated),
                "CNY",
                steps,
                true,
                true,
                epoch,
                null,
                null,
                null,
                null,
                null);
    }

    private static QuotaEvent monthly(String allocated, String warningPct, String alertPct) {
        return new QuotaEvent(
                "q-2",
                new QuotaEvent.Subject("device_group", "g-1"),
                "energy_consumption",
                Map.of(),
                new BigDecimal(allocated),
                "kWh",
                List.of(),
                false,
                true,
                1,
                "monthly",
                warningPct == null ? null : new BigDecimal(warningPct),
                alertPct == null ? null : new BigDecimal(alertPct),
                null,
                "Asia/Shanghai");
    }
}
