package io.watchkeeper.quota.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A quota as stored. {@code thresholds}, {@code monitor} and {@code autoDisable} are null when the quota follows its
 * tenant's settings. {@code allocated} is the ledger's total (prepaid) and {@code epoch} grows with every allocation;
 * a periodic quota has {@code perPeriod} instead.
 */
public record Quota(
        String id,
        String tenant,
        SubjectType subjectType,
        String subjectId,
        String metric,
        Map<String, String> labels,
        String unit,
        List<BigDecimal> thresholds,
        Boolean monitor,
        Boolean autoDisable,
        QuotaKind kind,
        Period period,
        String timeZone,
        BigDecimal perPeriod,
        BigDecimal warningPct,
        BigDecimal alertPct,
        BigDecimal allocated,
        long epoch,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt) {

    public boolean prepaid() {
        return kind == QuotaKind.PREPAID;
    }

    /** What the quota allows: the ledger's total, or the value per period. */
    public BigDecimal limit() {
        return prepaid() ? allocated : perPeriod;
    }

    public ZoneId zone() {
        return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
    }

    /** The period usage is counted in at {@code at}: {@code all} for prepaid, else the month or year. */
    public String periodAt(Instant at) {
        return prepaid() ? Period.ALL : period.of(at, zone());
    }

    public Quota withLedger(BigDecimal newAllocated, long newEpoch, Instant at) {
        return new Quota(
                id,
                tenant,
                subjectType,
                subjectId,
                metric,
                labels,
                unit,
                thresholds,
                monitor,
                autoDisable,
                kind,
                period,
                timeZone,
                perPeriod,
                warningPct,
                alertPct,
                newAllocated,
                newEpoch,
                createdBy,
                createdAt,
                at,
                deletedAt);
    }
}
