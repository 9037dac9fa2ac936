package io.watchkeeper.evaluator.quota;

import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent.Status;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.evaluator.alert.AlertService;
import io.watchkeeper.evaluator.alert.Fingerprints;
import io.watchkeeper.platform.security.TenantScope;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What quota alerts say and how they are labelled: the firing of a step or of a periodic status, and the words of
 * a change or resolution. One alert per (quota, step key), identified by its fingerprint.
 */
final class QuotaAlerts {

    /** The built-in rule quota alerts belong to. */
    static final UUID RULE_ID = UUID.nameUUIDFromBytes("watchkeeper:quota-steps".getBytes(StandardCharsets.UTF_8));

    static final String RULE_NAME = "quota steps";

    private QuotaAlerts() {}

    /** A prepaid step reached ({@code quota_step}), or 100 % ({@code quota_exhausted}, carrying autoDisable). */
    static AlertService.Firing step(QuotaEvent q, BigDecimal step, BigDecimal used, Instant startsAt) {
        BigDecimal pct = QuotaSteps.percent(used, q.allocated());
        boolean exhausted = step.compareTo(QuotaSteps.HUNDRED) >= 0;
        String type = exhausted ? "quota_exhausted" : "quota_step";
        Severity severity = exhausted
                ? Severity.CRITICAL
                : step.compareTo(new BigDecimal("90")) >= 0
                        ? Severity.ERROR
                        : step.compareTo(new BigDecimal("80")) >= 0 ? Severity.WARNING : Severity.INFO;
        String stepText = QuotaSteps.key(step);
        Map<String, String> labels = labels(q, type);
        labels.put("step", stepText);
        String title = title(q) + (exhausted ? ": quota exhausted (" : ": " + stepText + "% step reached (")
                + pct.toPlainString() + "% used)";
        String message = "used " + used.toPlainString() + " of " + q.allocated().toPlainString() + unit(q)
                + " (allocation epoch " + q.epoch() + ")"
                + (exhausted && q.autoDisable() ? "; the subject will be disabled" : "");
        return new AlertService.Firing(
                RULE_ID,
                RULE_NAME,
                type,
                fingerprint(q.quotaId(), stepText),
                severity,
                exhausted ? "critical" : "high",
                title,
                message,
                labels,
                Map.of(),
                used,
                q.allocated().multiply(step).divide(QuotaSteps.HUNDRED),
                startsAt,
                new AlertEvent.QuotaRef(q.quotaId(), q.epoch(), step, pct, exhausted ? q.autoDisable() : null));
    }

    /** A periodic quota's alert in {@code status} (warning or exceeded) for {@code period}. */
    static AlertService.Firing period(QuotaEvent q, Status status, BigDecimal used, String period, Instant startsAt) {
        Map<String, String> labels = labels(q, "quota_period");
        labels.put("quota_status", wire(status));
        return new AlertService.Firing(
                RULE_ID,
                RULE_NAME,
                "quota_period",
                fingerprint(q.quotaId(), QuotaSteps.PERIOD),
                severity(status),
                "high",
                periodTitle(q, status, used, period),
                periodMessage(q, used),
                labels,
                Map.of("period", period),
                used,
                q.allocated().multiply(QuotaSteps.alertPct(q)).divide(QuotaSteps.HUNDRED),
                startsAt,
                periodRef(q, status, used));
    }

    static Severity severity(Status status) {
        return status == Status.EXCEEDED ? Severity.ERROR : Severity.WARNING;
    }

    static String periodTitle(QuotaEvent q, Status status, BigDecimal used, String period) {
        return title(q) + ": " + wire(status) + " — "
                + QuotaSteps.percent(used, q.allocated()).toPlainString() + "% of the " + q.period()
                + " allocation used in " + period;
    }

    static String periodMessage(QuotaEvent q, BigDecimal used) {
        return "used " + used.toPlainString() + " of " + q.allocated().toPlainString() + unit(q) + " (warning at "
                + QuotaSteps.warningPct(q).toPlainString() + "%, alert at "
                + QuotaSteps.alertPct(q).toPlainString() + "%)";
    }

    static AlertEvent.QuotaRef periodRef(QuotaEvent q, Status status, BigDecimal used) {
        return new AlertEvent.QuotaRef(
                q.quotaId(),
                q.epoch(),
                status == Status.EXCEEDED ? QuotaSteps.alertPct(q) : QuotaSteps.warningPct(q),
                QuotaSteps.percent(used, q.allocated()),
                null);
    }

    /** Why an alert resolved, in words. */
    static String resolution(QuotaEvent q, QuotaSteps.Resolve r, BigDecimal used) {
        return switch (r.why()) {
            case REARMED -> "re-armed: allocation epoch " + q.epoch() + " brings usage to "
                    + QuotaSteps.percent(used, q.allocated()).toPlainString() + "%";
            case PERIOD_ENDED -> "period " + r.period() + " ended";
            case BACK_TO_NORMAL -> periodMessage(q, used);
            case DELETED -> "quota deleted";
        };
    }

    /** A quota's tenant: its {@code tenant} label, or the subject itself when the subject is a tenant. */
    static String tenantOf(QuotaEvent q) {
        String labelled = q.labels().get(TenantScope.LABEL);
        return labelled != null
                ? labelled
                : "tenant".equals(q.subject().type()) ? q.subject().id() : null;
    }

    static String fingerprint(String quotaId, String key) {
        return Fingerprints.of(RULE_ID, Map.of("quota_id", quotaId, "step", key));
    }

    static String wire(Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> labels(QuotaEvent q, String type) {
        Map<String, String> labels = new HashMap<>(q.labels());
        labels.values().removeIf(String::isEmpty);
        String tenant = tenantOf(q);
        if (tenant != null) {
            labels.put(TenantScope.LABEL, tenant); // the alert is the quota's tenant's
        }
        labels.put("quota_id", q.quotaId());
        labels.put("subject_type", q.subject().type());
        labels.put("subject_id", q.subject().id());
        labels.put("alertname", type);
        return labels;
    }

    private static String title(QuotaEvent q) {
        return "quota of " + q.subject().type() + " " + q.subject().id();
    }

    private static String unit(QuotaEvent q) {
        return q.unit() == null ? "" : " " + q.unit();
    }
}
