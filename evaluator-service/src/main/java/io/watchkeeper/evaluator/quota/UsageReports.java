package io.watchkeeper.evaluator.quota;

import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent.Status;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What the evaluator tells quota-service about a quota on {@code wk.quota-usage.v1}, and whether it is news: a
 * report goes out when the usage, period or status differs from the last one sent — not for an allocation alone,
 * which quota-service made and knows.
 */
final class UsageReports {

    private UsageReports() {}

    /** A prepaid quota: exhausted at 100 %, warning once its lowest step is reached. */
    static QuotaUsageEvent prepaid(QuotaEvent q, BigDecimal used, List<BigDecimal> steps, Instant now) {
        BigDecimal pct = QuotaSteps.percent(used, q.allocated());
        Status status = pct.compareTo(QuotaSteps.HUNDRED) >= 0
                ? Status.EXHAUSTED
                : !steps.isEmpty() && pct.compareTo(steps.get(0)) >= 0 ? Status.WARNING : Status.NORMAL;
        return new QuotaUsageEvent(q.quotaId(), q.epoch(), Periods.ALL, used, q.allocated(), pct, status, now);
    }

    /** A periodic quota in {@code period}. */
    static QuotaUsageEvent periodic(QuotaEvent q, String period, BigDecimal used, Instant now) {
        BigDecimal pct = QuotaSteps.percent(used, q.allocated());
        return new QuotaUsageEvent(
                q.quotaId(), q.epoch(), period, used, q.allocated(), pct, QuotaSteps.periodicStatus(q, pct), now);
    }

    /** The part of a report that makes it news (not the time, nor the allocation). */
    static String signature(QuotaUsageEvent r) {
        return r.period() + "|" + r.consumed().stripTrailingZeros().toPlainString() + "|" + r.status();
    }
}
