package io.watchkeeper.quota.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.security.TenantScope;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaDefinitionsTest {

    private static final Instant T = Instant.parse("2026-12-05T08:00:00Z");

    private static QuotaDtos.Request prepaid(List<BigDecimal> thresholds) {
        return new QuotaDtos.Request(
                new QuotaDtos.SubjectRef(SubjectType.CLOUD_SUBACCOUNT, "2100123"),
                null,
                "cloud_spend",
                Map.of("sub_account", "2100123"),
                "CNY",
                thresholds,
                null,
                null,
                QuotaKind.PREPAID,
                null,
                null,
                null,
                null,
                null,
                new BigDecimal("100"));
    }

    private static QuotaDtos.Request periodic(
            Period period, BigDecimal perPeriod, BigDecimal warning, BigDecimal alert, String zone) {
        return new QuotaDtos.Request(
                new QuotaDtos.SubjectRef(SubjectType.ENERGY_TARGET, "building-a"),
                null,
                "energy",
                Map.of(),
                "kWh",
                null,
                null,
                null,
                QuotaKind.PERIODIC,
                period,
                zone,
                perPeriod,
                warning,
                alert,
                null);
    }

    private static String field(Runnable r) {
        try {
            r.run();
        } catch (ProblemException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.errors().get(0).field();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void thresholds_must_ascend_and_lie_between_0_and_100() {
        assertThat(field(() -> define(prepaid(List.of(new BigDecimal("80"), new BigDecimal("50"))))))
                .isEqualTo("thresholds[1]");
        assertThat(field(() -> define(prepaid(List.of(new BigDecimal("50"), new BigDecimal("100"))))))
                .isEqualTo("thresholds[1]");
        assertThat(field(() -> define(prepaid(List.of(BigDecimal.ZERO))))).isEqualTo("thresholds[0]");
        assertThat(define(prepaid(List.of(new BigDecimal("25.5"), new BigDecimal("99"))))
                        .thresholds())
                .hasSize(2);
    }

    @Test
    void a_periodic_quota_needs_its_period_and_value_and_a_warning_below_the_alert() {
        assertThat(field(() -> define(periodic(null, BigDecimal.TEN, null, null, null))))
                .isEqualTo("period");
        assertThat(field(() -> define(periodic(Period.MONTHLY, null, null, null, null))))
                .isEqualTo("perPeriod");
        assertThat(field(() -> define(
                        periodic(Period.MONTHLY, BigDecimal.TEN, new BigDecimal("90"), new BigDecimal("90"), null))))
                .isEqualTo("warningPct");
        assertThat(field(() -> define(periodic(Period.MONTHLY, BigDecimal.TEN, null, null, "Mars/Olympus"))))
                .isEqualTo("timeZone");

        Quota q = define(periodic(Period.MONTHLY, BigDecimal.TEN, null, null, "Asia/Shanghai"));
        assertThat(q.warningPct()).isEqualByComparingTo("80");
        assertThat(q.alertPct()).isEqualByComparingTo("100");
        assertThat(q.periodAt(Instant.parse("2026-11-30T17:00:00Z"))).isEqualTo("2026-12"); // already December there
    }

    @Test
    void a_prepaid_quota_has_no_period_fields() {
        QuotaDtos.Request r = prepaid(null);
        QuotaDtos.Request withPeriod = new QuotaDtos.Request(
                r.subject(),
                null,
                r.metric(),
                r.labels(),
                r.unit(),
                null,
                null,
                null,
                QuotaKind.PREPAID,
                Period.MONTHLY,
                null,
                null,
                null,
                null,
                null);
        assertThat(field(() -> define(withPeriod))).isEqualTo("period");
    }

    @Test
    void a_tenants_quota_carries_its_tenant_label_so_only_its_metrics_count() {
        Quota q = QuotaDefinitions.of(prepaid(null), TenantScope.of("acme"), "q-1", null, "alice", T);

        assertThat(q.tenant()).isEqualTo("acme");
        assertThat(q.labels()).containsEntry("tenant", "acme").containsEntry("sub_account", "2100123");
    }

    @Test
    void a_tenant_subject_belongs_to_that_tenant() {
        QuotaDtos.Request r = new QuotaDtos.Request(
                new QuotaDtos.SubjectRef(SubjectType.TENANT, "beta"),
                null,
                "usage_cost",
                Map.of(),
                "USD",
                null,
                null,
                null,
                QuotaKind.PREPAID,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThat(QuotaDefinitions.of(r, TenantScope.PLATFORM, "q-1", null, "op", T)
                        .tenant())
                .isEqualTo("beta");
        assertThatThrownBy(() -> QuotaDefinitions.of(r, TenantScope.of("acme"), "q-1", null, "alice", T))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.status()).isEqualTo(403));
    }

    @Test
    void a_quota_keeps_its_kind_and_its_ledger_when_replaced() {
        Quota before = define(prepaid(null)).withLedger(new BigDecimal("250"), 3, T);
        Quota after = QuotaDefinitions.of(
                prepaid(List.of(new BigDecimal("70"))),
                TenantScope.PLATFORM,
                before.id(),
                before,
                "bob",
                T.plusSeconds(60));
        assertThat(after.allocated()).isEqualByComparingTo("250");
        assertThat(after.epoch()).isEqualTo(3);
        assertThat(after.createdBy()).isEqualTo("alice");

        assertThat(field(() -> QuotaDefinitions.of(
                        periodic(Period.MONTHLY, BigDecimal.TEN, null, null, null),
                        TenantScope.PLATFORM,
                        before.id(),
                        before,
                        "bob",
                        T)))
                .isEqualTo("kind");
    }

    private static Quota define(QuotaDtos.Request r) {
        return QuotaDefinitions.of(r, TenantScope.PLATFORM, "q-1", null, "alice", T);
    }
}
