package io.watchkeeper.evaluator.quota;

import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent.Status;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The quota step decisions, without storage or wording: given a quota, its usage in the period checked and where it
 * stood, what to fire, refresh and resolve, and where it stands after.
 * <ul>
 * <li>prepaid: each step (default 50/80/90) fires once per (quota, epoch); 100 % fires {@code quota_exhausted};
 * a new epoch re-arms (and resolves) every step now above the usage;</li>
 * <li>periodic: status normal / warning / exceeded with one open alert per quota ({@link #PERIOD}), refreshed when
 * the status changes, resolved when it is normal again or the period rolls over.</li>
 * </ul>
 */
final class QuotaSteps {

    /** The fired-key of a periodic quota's one alert. */
    static final String PERIOD = "period";

    static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final List<BigDecimal> DEFAULT_STEPS =
            List.of(new BigDecimal("50"), new BigDecimal("80"), new BigDecimal("90"));

    private QuotaSteps() {}

    /**
     * Where a quota stands: the allocation epoch last seen, the fired steps (step % or {@link #PERIOD} → when the
     * alert started), and for a periodic quota its period and status.
     */
    record Standing(long epoch, SortedMap<String, Instant> fired, String period, Status status) {

        Standing {
            fired = Collections.unmodifiableSortedMap(new TreeMap<>(fired));
        }

        /** A quota seen for the first time. */
        static Standing fresh(QuotaEvent q) {
            return new Standing(q.epoch(), new TreeMap<>(), null, Status.NORMAL);
        }
    }

    /** Why an open quota alert resolves. */
    enum Why {
        REARMED,
        PERIOD_ENDED,
        BACK_TO_NORMAL,
        DELETED
    }

    /** What to do with the quota's alerts. */
    sealed interface Change permits Fire, Refresh, Resolve {
        /** Which of the quota's alerts: a step % or {@link #PERIOD}. */
        String key();
    }

    /**
     * Fire the alert of {@code step} (prepaid), or the periodic alert ({@code step} null) in {@code status}, as an
     * episode starting {@code at}.
     */
    record Fire(String key, BigDecimal step, Status status, Instant at) implements Change {}

    /** The periodic alert, open since {@code since}, changes to {@code status}. */
    record Refresh(String key, Instant since, Status status) implements Change {}

    /** Resolve the alert of {@code key}, open since {@code since}; {@code period}: the period that ended, if so. */
    record Resolve(String key, Instant since, Why why, String period) implements Change {}

    /** The changes, in order, and where the quota stands after them. */
    record Decision(Standing next, List<Change> changes) {}

    /** Decides for {@code used} in {@code period} (see {@link Periods#current}) at {@code now}. */
    static Decision decide(QuotaEvent q, Standing before, BigDecimal used, String period, Instant now) {
        BigDecimal pct = percent(used, q.allocated());
        return q.period() == null ? prepaid(q, before, pct, now) : periodic(q, before, pct, period, now);
    }

    /** Resolves every open alert of a deleted quota. */
    static List<Resolve> deleted(Standing before) {
        List<Resolve> changes = new ArrayList<>();
        before.fired().forEach((key, since) -> changes.add(new Resolve(key, since, Why.DELETED, null)));
        return changes;
    }

    private static Decision prepaid(QuotaEvent q, Standing before, BigDecimal pct, Instant now) {
        TreeMap<String, Instant> fired = new TreeMap<>(before.fired());
        List<Change> changes = new ArrayList<>();
        if (q.epoch() != before.epoch()) {
            for (Map.Entry<String, Instant> f : before.fired().entrySet()) {
                if (new BigDecimal(f.getKey()).compareTo(pct) > 0) {
                    changes.add(new Resolve(f.getKey(), f.getValue(), Why.REARMED, null));
                    fired.remove(f.getKey());
                }
            }
        }
        for (BigDecimal step : steps(q)) {
            String key = key(step);
            if (pct.compareTo(step) >= 0 && !fired.containsKey(key)) {
                changes.add(new Fire(key, step, step.compareTo(HUNDRED) >= 0 ? Status.EXHAUSTED : Status.WARNING, now));
                fired.put(key, now);
            }
        }
        return new Decision(new Standing(q.epoch(), fired, before.period(), before.status()), changes);
    }

    private static Decision periodic(QuotaEvent q, Standing before, BigDecimal pct, String period, Instant now) {
        TreeMap<String, Instant> fired = new TreeMap<>(before.fired());
        List<Change> changes = new ArrayList<>();
        Status status = before.status();
        if (!period.equals(before.period())) {
            Instant open = fired.remove(PERIOD);
            if (open != null) {
                changes.add(new Resolve(PERIOD, open, Why.PERIOD_ENDED, before.period()));
            }
            status = Status.NORMAL;
        }
        Status current = periodicStatus(q, pct);
        if (current != status) {
            Instant open = fired.get(PERIOD);
            if (current == Status.NORMAL) {
                if (open != null) {
                    changes.add(new Resolve(PERIOD, open, Why.BACK_TO_NORMAL, null));
                    fired.remove(PERIOD);
                }
            } else if (open != null) {
                changes.add(new Refresh(PERIOD, open, current));
            } else {
                changes.add(new Fire(PERIOD, null, current, now));
                fired.put(PERIOD, now);
            }
            status = current;
        }
        return new Decision(new Standing(q.epoch(), fired, period, status), changes);
    }

    /** The quota's steps in order, its own or the default, and 100 % (exhausted). */
    static List<BigDecimal> steps(QuotaEvent q) {
        TreeSet<BigDecimal> steps = new TreeSet<>(q.thresholds().isEmpty() ? DEFAULT_STEPS : q.thresholds());
        steps.add(HUNDRED);
        return List.copyOf(steps);
    }

    /** Exceeded from the alert % (default 100), warning from the warning % (default 80). */
    static Status periodicStatus(QuotaEvent q, BigDecimal pct) {
        return pct.compareTo(alertPct(q)) >= 0
                ? Status.EXCEEDED
                : pct.compareTo(warningPct(q)) >= 0 ? Status.WARNING : Status.NORMAL;
    }

    static BigDecimal alertPct(QuotaEvent q) {
        return q.alertPct() == null ? HUNDRED : q.alertPct();
    }

    static BigDecimal warningPct(QuotaEvent q) {
        return q.warningPct() == null ? new BigDecimal("80") : q.warningPct();
    }

    static String key(BigDecimal step) {
        return step.stripTrailingZeros().toPlainString();
    }

    /** Used as a percentage of allocated, to two places; anything used of nothing is 100 %. */
    static BigDecimal percent(BigDecimal used, BigDecimal allocated) {
        if (allocated.signum() <= 0) {
            return used.signum() > 0 ? HUNDRED : BigDecimal.ZERO;
        }
        return used.multiply(HUNDRED).divide(allocated, 2, RoundingMode.HALF_EVEN);
    }
}
