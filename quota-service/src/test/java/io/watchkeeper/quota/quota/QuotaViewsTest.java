package io.watchkeeper.quota.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent.Status;
import io.watchkeeper.platform.security.TenantScope;
import io.watchkeeper.quota.settings.QuotaSettings;
import io.watchkeeper.quota.usage.StepStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QuotaViewsTest {

    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
    private static final QuotaSettings DEFAULTS = QuotaSettings.builtIn(null);

    private final Quota prepaid = QuotaDefinitions.of(
                    new QuotaDtos.Request(
                            new QuotaDtos.SubjectRef(SubjectType.CLOUD_SUBACCOUNT, "2100123"),
                            null,
                            "cloud_spend",
                            Map.of(),
                            "CNY",
                            null,
                            null,
                            null,
                            QuotaKind.PREPAID,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null),
                    TenantScope.PLATFORM,
                    "q-1",
                    null,
                    "alice",
                    NOW)
            .withLedger(new BigDecimal("200"), 2, NOW);

    private static QuotaUsageEvent report(String period, String consumed) {
        return new QuotaUsageEvent(
                "q-1",
                2,
                period,
                new BigDecimal(consumed),
                new BigDecimal("200"),
                BigDecimal.ZERO,
                Status.NORMAL,
                NOW.minusSeconds(3));
    }

    private static StepStatus step(String pct, long epoch, AlertStatus status) {
        return new StepStatus(
                "q-1",
                "all",
                pct,
                new BigDecimal(pct),
                epoch,
                UUID.randomUUID(),
                "quota_step",
                status,
                NOW.minusSeconds(600),
                null);
    }

    @Test
    void remaining_and_used_percent_follow_the_allocation_in_force() {
        QuotaDtos.View v = QuotaViews.view(prepaid, DEFAULTS, List.of(report("all", "101")), List.of(), NOW);

        assertThat(v.allocated()).isEqualByComparingTo("200");
        assertThat(v.consumed()).isEqualByComparingTo("101");
        assertThat(v.remaining()).isEqualByComparingTo("99");
        assertThat(v.usedPct()).isEqualByComparingTo("50.50");
        assertThat(v.status()).isEqualTo(Status.WARNING);
        assertThat(v.consumedAsOf()).isEqualTo(NOW.minusSeconds(3));
    }

    @Test
    void before_any_report_nothing_is_consumed() {
        QuotaDtos.View v = QuotaViews.view(prepaid, DEFAULTS, List.of(), null, NOW);

        assertThat(v.consumed()).isZero();
        assertThat(v.status()).isEqualTo(Status.NORMAL);
        assertThat(v.steps()).isNull();
    }

    @Test
    void a_step_is_fired_while_its_alert_is_open_and_armed_once_resolved() {
        // epoch 1 fired 50 and 80 and 90 and 100; the allocation of epoch 2 re-armed 80, 90 and 100 (resolved)
        List<StepStatus> known = List.of(
                step("50", 1, AlertStatus.FIRING),
                step("80", 1, AlertStatus.RESOLVED),
                step("90", 1, AlertStatus.RESOLVED),
                step("100", 1, AlertStatus.RESOLVED));

        QuotaDtos.View v = QuotaViews.view(prepaid, DEFAULTS, List.of(report("all", "101")), known, NOW);

        assertThat(v.steps())
                .extracting(s -> s.step().toPlainString() + ":" + s.state())
                .containsExactly("50:fired", "80:armed", "90:armed", "100:armed");
        assertThat(v.steps().get(0).epoch()).isEqualTo(1);
        assertThat(v.steps().get(0).alertStatus()).isEqualTo("firing");
    }

    @Test
    void a_periodic_quota_reads_the_current_period_in_its_time_zone_and_lists_every_period() {
        Quota monthly = QuotaDefinitions.of(
                new QuotaDtos.Request(
                        new QuotaDtos.SubjectRef(SubjectType.ENERGY_TARGET, "b-a"),
                        null,
                        "energy",
                        Map.of(),
                        "kWh",
                        null,
                        null,
                        null,
                        QuotaKind.PERIODIC,
                        Period.MONTHLY,
                        "Asia/Shanghai",
                        new BigDecimal("1000"),
                        null,
                        null,
                        null),
                TenantScope.PLATFORM,
                "q-1",
                null,
                "alice",
                NOW);
        Instant newYearThere = Instant.parse("2026-12-31T17:00:00Z"); // 01:00 on 1 January in Shanghai

        QuotaDtos.View v =
                QuotaViews.view(monthly, DEFAULTS, List.of(report("2026-12", "1200")), List.of(), newYearThere);

        assertThat(v.currentPeriod()).isEqualTo("2027-01");
        assertThat(v.consumed()).isZero();
        assertThat(v.status()).isEqualTo(Status.NORMAL);
        assertThat(v.periods()).extracting(QuotaDtos.PeriodView::period).containsExactly("2027-01", "2026-12");
        assertThat(QuotaViews.view(monthly, DEFAULTS, List.of(report("2026-12", "850")), List.of(), NOW)
                        .status())
                .isEqualTo(Status.WARNING);
        assertThat(QuotaViews.view(monthly, DEFAULTS, List.of(report("2026-12", "1000")), List.of(), NOW)
                        .status())
                .isEqualTo(Status.EXCEEDED);
    }
}
