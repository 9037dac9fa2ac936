package io.watchkeeper.quota.quota;

import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent.Status;
import io.watchkeeper.quota.settings.QuotaSettings;
import io.watchkeeper.quota.usage.StepStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where a quota stands, from its definition and the evaluator's latest usage report of the current period: consumed,
 * remaining, used % (two decimals, as the evaluator rounds) and status, against the allocation in force now. No I/O.
 */
public final class QuotaViews {

    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private QuotaViews() {}

    /**
     * The view of a quota; {@code steps} null for a list entry (no steps, no periods). {@code reports} are the quota's
     * usage reports (any periods; the current one is picked).
     */
    public static QuotaDtos.View view(
            Quota q, QuotaSettings settings, List<QuotaUsageEvent> reports, List<StepStatus> steps, Instant now) {
        QuotaDtos.Effective effective = QuotaPublisher.effective(q, settings);
        String current = currentPeriod(q, reports, now);
        Optional<QuotaUsageEvent> report =
                reports.stream().filter(r -> r.period().equals(current)).findFirst();
        BigDecimal consumed = report.map(QuotaUsageEvent::consumed).orElse(BigDecimal.ZERO);
        BigDecimal pct = percent(consumed, q.limit());
        return new QuotaDtos.View(
                q.id(),
                q.tenant(),
                new QuotaDtos.SubjectRef(q.subjectType(), q.subjectId()),
                q.metric(),
                q.labels(),
                q.unit(),
                q.kind(),
                q.thresholds(),
                q.monitor(),
                q.autoDisable(),
                effective,
                q.period(),
                q.prepaid() ? null : q.zone().getId(),
                q.perPeriod(),
                q.warningPct(),
                q.alertPct(),
                q.epoch(),
                q.limit(),
                current,
                consumed,
                q.limit().subtract(consumed),
                pct,
                status(q, effective, pct),
                report.map(QuotaUsageEvent::observedAt).orElse(null),
                steps == null ? null : steps(q, effective, steps, current),
                steps == null || q.prepaid() ? null : periods(reports, current),
                q.createdBy(),
                q.createdAt(),
                q.updatedAt(),
                q.deletedAt());
    }

    /**
     * The period a quota stands in: its period now, or a later one the evaluator already reports (a meter batch stamped
     * after midnight in the quota's zone turns the month with the data, as the evaluator does).
     */
    static String currentPeriod(Quota q, List<QuotaUsageEvent> reports, Instant now) {
        String newest = q.periodAt(now);
        for (QuotaUsageEvent r : reports) {
            if (r.period().length() == newest.length() && r.period().compareTo(newest) > 0) {
                newest = r.period();
            }
        }
        return newest;
    }

    /** Prepaid: exhausted at 100 %, warning from the first step. Periodic: exceeded at alert %, warning at warning %. */
    static Status status(Quota q, QuotaDtos.Effective effective, BigDecimal pct) {
        if (q.prepaid()) {
            return pct.compareTo(HUNDRED) >= 0
                    ? Status.EXHAUSTED
                    : !effective.thresholds().isEmpty()
                                    && pct.compareTo(effective.thresholds().get(0)) >= 0
                            ? Status.WARNING
                            : Status.NORMAL;
        }
        return pct.compareTo(q.alertPct()) >= 0
                ? Status.EXCEEDED
                : pct.compareTo(q.warningPct()) >= 0 ? Status.WARNING : Status.NORMAL;
    }

    public static BigDecimal percent(BigDecimal used, BigDecimal allocated) {
        if (allocated.signum() <= 0) {
            return used.signum() > 0 ? HUNDRED : BigDecimal.ZERO;
        }
        return used.multiply(HUNDRED).divide(allocated, 2, RoundingMode.HALF_EVEN);
    }

    /**
     * Prepaid: every step (the thresholds in force and 100 %), fired while its latest alert is open, armed otherwise (a
     * new allocation re-arms a step by resolving its alert). Periodic: the warning and alert steps of the current period.
     */
    private static List<QuotaDtos.StepView> steps(
            Quota q, QuotaDtos.Effective effective, List<StepStatus> known, String current) {
        List<QuotaDtos.StepView> out = new ArrayList<>();
        if (q.prepaid()) {
            TreeSet<BigDecimal> all = new TreeSet<>(effective.thresholds());
            all.add(HUNDRED);
            for (BigDecimal step : all) {
                String key = step.stripTrailingZeros().toPlainString();
                out.add(known.stream()
                        .filter(s -> s.period().equals(Period.ALL) && s.step().equals(key) && s.fired())
                        .findFirst()
                        .map(s -> fired(step, s))
                        .orElse(armed(step)));
            }
            return out;
        }
        Optional<StepStatus> alert = known.stream()
                .filter(s -> s.period().equals(current) && s.step().equals(StepStatus.PERIODIC_STEP) && s.fired())
                .findFirst();
        for (BigDecimal step : List.of(q.warningPct(), q.alertPct())) {
            out.add(alert.filter(s -> s.stepPct().compareTo(step) >= 0)
                    .map(s -> fired(step, s))
                    .orElse(armed(step)));
        }
        return out;
    }

    private static QuotaDtos.StepView fired(BigDecimal step, StepStatus s) {
        return new QuotaDtos.StepView(
                step, "fired", s.firedAt(), s.epoch(), s.status().name().toLowerCase());
    }

    private static QuotaDtos.StepView armed(BigDecimal step) {
        return new QuotaDtos.StepView(step, "armed", null, null, null);
    }

    /** One record per period with a report, newest first; the current period even before its first report. */
    private static List<QuotaDtos.PeriodView> periods(List<QuotaUsageEvent> reports, String current) {
        List<QuotaDtos.PeriodView> out = new ArrayList<>();
        if (reports.stream().noneMatch(r -> r.period().equals(current))) {
            out.add(new QuotaDtos.PeriodView(current, BigDecimal.ZERO, BigDecimal.ZERO, Status.NORMAL, null));
        }
        reports.stream()
                .filter(r -> !r.period().equals(Period.ALL))
                .sorted((a, b) -> b.period().compareTo(a.period()))
                .forEach(r -> out.add(
                        new QuotaDtos.PeriodView(r.period(), r.consumed(), r.usedPct(), r.status(), r.observedAt())));
        return out;
    }
}
