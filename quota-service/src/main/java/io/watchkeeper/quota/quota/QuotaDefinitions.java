package io.watchkeeper.quota.quota;

import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.security.TenantScope;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/** Turns a request into a quota definition, or says which field is wrong (400). No I/O. */
public final class QuotaDefinitions {

    static final BigDecimal DEFAULT_WARNING_PCT = new BigDecimal("80");
    static final BigDecimal DEFAULT_ALERT_PCT = new BigDecimal("100");

    private QuotaDefinitions() {}

    /**
     * The quota {@code r} describes, owned as {@code scope} allows: a {@code tenant} subject belongs to that tenant
     * unless the request names another owner (then 400); a tenant's quota carries the {@code tenant} label, so only
     * its tenant's metrics consume it. {@code before} is the quota being replaced (null on create).
     */
    public static Quota of(QuotaDtos.Request r, TenantScope scope, String id, Quota before, String user, Instant now) {
        Map<String, String> labels = r.labels() == null ? Map.of() : r.labels();
        String requested = r.tenant();
        if (r.subject().type() == SubjectType.TENANT) {
            if (requested != null
                    && !requested.isBlank()
                    && !requested.equals(r.subject().id())) {
                throw ProblemException.invalid(
                        "tenant",
                        "a tenant's quota belongs to that tenant: "
                                + r.subject().id());
            }
            requested = r.subject().id();
        }
        String owner = scope.owner(requested, labels);
        Thresholds.check("thresholds", r.thresholds());
        boolean periodic = r.kind() == QuotaKind.PERIODIC;
        if (periodic) {
            if (r.period() == null) {
                throw ProblemException.invalid("period", "a periodic quota needs a period: monthly or yearly");
            }
            if (r.perPeriod() == null) {
                throw ProblemException.invalid("perPeriod", "a periodic quota needs its value per period");
            }
            if (r.initialAllocation() != null) {
                throw ProblemException.invalid("initialAllocation", "only a prepaid quota has an allocation ledger");
            }
            zone(r.timeZone());
        } else {
            for (Map.Entry<String, Object> field : periodicFields(r).entrySet()) {
                if (field.getValue() != null) {
                    throw ProblemException.invalid(field.getKey(), "only a periodic quota has " + field.getKey());
                }
            }
        }
        BigDecimal warning = periodic && r.warningPct() == null ? DEFAULT_WARNING_PCT : r.warningPct();
        BigDecimal alert = periodic && r.alertPct() == null ? DEFAULT_ALERT_PCT : r.alertPct();
        if (periodic && warning.compareTo(alert) >= 0) {
            throw ProblemException.invalid("warningPct", "must be below alertPct (" + alert.toPlainString() + ")");
        }
        if (before != null && before.kind() != r.kind()) {
            throw ProblemException.invalid(
                    "kind",
                    "a quota keeps its kind (" + before.kind().name().toLowerCase() + "): create a new quota instead");
        }
        return new Quota(
                id,
                owner,
                r.subject().type(),
                r.subject().id(),
                r.metric(),
                TenantScope.withTenantLabel(labels, owner),
                blankToNull(r.unit()),
                r.thresholds(),
                r.monitor(),
                r.autoDisable(),
                r.kind(),
                periodic ? r.period() : null,
                periodic ? blankToNull(r.timeZone()) : null,
                periodic ? r.perPeriod() : null,
                warning,
                alert,
                before != null ? before.allocated() : BigDecimal.ZERO,
                before != null ? before.epoch() : 0,
                before != null ? before.createdBy() : user,
                before != null ? before.createdAt() : now,
                now,
                null);
    }

    private static Map<String, Object> periodicFields(QuotaDtos.Request r) {
        java.util.LinkedHashMap<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("period", r.period());
        fields.put("perPeriod", r.perPeriod());
        fields.put("timeZone", blankToNull(r.timeZone()));
        fields.put("warningPct", r.warningPct());
        fields.put("alertPct", r.alertPct());
        return fields;
    }

    private static void zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return;
        }
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw ProblemException.invalid("timeZone", "not an IANA time zone: " + timeZone);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
