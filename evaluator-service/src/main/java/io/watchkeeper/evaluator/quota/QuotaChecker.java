package io.watchkeeper.evaluator.quota;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.evaluator.alert.AlertService;
import io.watchkeeper.evaluator.alert.Fingerprints;
import io.watchkeeper.evaluator.engine.Engine;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Quota steps. Usage is what the partitions counted (checkpointed, summed here), compared with the quota's
 * allocation by the owner of partition 0 every {@code quota-check}:
 * <ul>
 * <li>prepaid: each step (default 50/80/90) fires once per (quota, epoch); 100 % fires {@code quota_exhausted}
 * carrying {@code autoDisable}; a new epoch re-arms (and resolves) every step now above the usage;</li>
 * <li>periodic (monthly / yearly in the quota's time zone): status normal / warning / exceeded with one open
 * alert per quota, updated when the status changes and resolved when the period rolls over.</li>
 * </ul>
 * Where each quota stands is stored ({@link QuotaStates}), so a restart or a new owner neither repeats nor forgets a
 * step.
 */
@ApplicationScoped
public class QuotaChecker {

    /** The built-in rule quota alerts belong to. */
    public static final UUID RULE_ID = UUID.nameUUIDFromBytes("watchkeeper:quota-steps".getBytes(StandardCharsets.UTF_8));
    public static final String RULE_NAME = "quota steps";
    private static final List<BigDecimal> DEFAULT_STEPS = List.of(new BigDecimal("50"), new BigDecimal("80"),
            new BigDecimal("90"));
    private static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final String PERIOD_KEY = "period";

    private final QuotaBook book;
    private final Engine engine;
    private final AlertService alerts;
    private final QuotaStates store;

    public QuotaChecker(QuotaBook book, Engine engine, AlertService alerts, QuotaStates store) {
        this.book = book;
        this.engine = engine;
        this.alerts = alerts;
        this.store = store;
    }

    @Scheduled(every = "${watchkeeper.evaluator.quota-check}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        if (!engine.owns(0)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return Uni.combine().all().unis(store.usage(), store.states()).asTuple()
                .chain(t -> Multi.createFrom().iterable(List.copyOf(book.all()))
                        .onItem().transformToUniAndConcatenate(q -> {
                            QuotaStates.State state = t.getItem2().computeIfAbsent(q.quotaId(), id -> fresh(q));
                            Map<String, BigDecimal> counted = t.getItem1().getOrDefault(q.quotaId(), Map.of());
                            String period = Periods.current(q, now, counted.keySet());
                            BigDecimal used = counted.getOrDefault(period, BigDecimal.ZERO);
                            Log.debugf("quota %s: %s used in %s (state %s, epoch %d)", q.quotaId(), used, period,
                                    state.status, state.epoch);
                            // an unmonitored quota fires no steps, but its usage is still reported
                            Uni<Void> step = !q.monitor() ? Uni.createFrom().voidItem()
                                    : q.period() == null ? prepaid(q, state, used) : periodic(q, state, used, period);
                            return step.chain(() -> {
                                QuotaUsageEvent report = q.period() == null ? UsageReports.prepaid(q, used, steps(q), now)
                                        : UsageReports.periodic(q, period, used, now);
                                boolean news = !UsageReports.signature(report).equals(state.reported);
                                return state.changed || news ? store.save(q.quotaId(), state, news ? report : null)
                                        : Uni.createFrom().voidItem();
                            });
                        })
                        .collect().last())
                .chain(() -> closeRemoved())
                .onFailure().invoke(e -> Log.warnf("quota check failed, retrying: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** What a person sees of a quota here: usage this period, percentage, status, fired steps. */
    public record UsageView(String quotaId, String tenant, String subjectType, String subjectId, String metric, String period,
            BigDecimal used, BigDecimal allocated, String unit, BigDecimal usedPct, long epoch, String status,
            List<String> firedSteps) {
    }

    /**
     * Every quota this instance knows (from {@code wk.quotas.v1}) that the caller may see, with its usage as last
     * checkpointed.
     */
    public Uni<List<UsageView>> usageViews(TenantScope scope) {
        Instant now = Instant.now();
        return Uni.combine().all().unis(store.usage(), store.states()).asTuple().map(t -> book.all().stream()
                .filter(q -> scope.sees(tenantOf(q)))
                .sorted(java.util.Comparator.comparing(QuotaEvent::quotaId))
                .map(q -> {
                    Map<String, BigDecimal> counted = t.getItem1().getOrDefault(q.quotaId(), Map.of());
                    String period = Periods.current(q, now, counted.keySet());
                    BigDecimal used = counted.getOrDefault(period, BigDecimal.ZERO);
                    QuotaStates.State s = t.getItem2().get(q.quotaId());
                    String status = q.period() != null ? (s == null || !period.equals(s.period) ? "normal" : s.status)
                            : s != null && s.fired.containsKey("100") ? "exhausted" : "normal";
                    return new UsageView(q.quotaId(), tenantOf(q), q.subject().type(), q.subject().id(), q.metric(), period, used,
                            q.allocated(), q.unit(), percent(used, q.allocated()), q.epoch(), status,
                            s == null ? List.of() : s.fired.keySet().stream().filter(k -> !k.equals(PERIOD_KEY)).toList());
                })
                .toList());
    }

    /** A quota's tenant: its {@code tenant} label, or the subject itself when the subject is a tenant. */
    static String tenantOf(QuotaEvent q) {
        String labelled = q.labels().get(TenantScope.LABEL);
        return labelled != null ? labelled : "tenant".equals(q.subject().type()) ? q.subject().id() : null;
    }

    private Uni<Void> prepaid(QuotaEvent q, QuotaStates.State state, BigDecimal used) {
        BigDecimal pct = percent(used, q.allocated());
        List<Uni<Void>> work = new ArrayList<>();
        if (q.epoch() != state.epoch) {
            // a new allocation: every step now above the usage is armed again, its alert resolved
            for (Map.Entry<String, Instant> f : List.copyOf(state.fired.entrySet())) {
                if (new BigDecimal(f.getKey()).compareTo(pct) > 0) {
                    work.add(alerts.close(fingerprint(q, f.getKey()), f.getValue(), "re-armed: allocation epoch "
                            + q.epoch() + " brings usage to " + pct.toPlainString() + "%"));
                    state.fired.remove(f.getKey());
                }
            }
            state.epoch = q.epoch();
            state.changed = true;
        }
        for (BigDecimal step : steps(q)) {
            String key = step.stripTrailingZeros().toPlainString();
            if (pct.compareTo(step) >= 0 && !state.fired.containsKey(key)) {
                Instant startsAt = Instant.now();
                work.add(alerts.fire(stepFiring(q, step, used, pct, startsAt), Duration.ZERO, Integer.MAX_VALUE)
                        .replaceWithVoid());
                state.fired.put(key, startsAt);
                state.changed = true;
            }
        }
        return sequence(work);
    }

    private Uni<Void> periodic(QuotaEvent q, QuotaStates.State state, BigDecimal used, String period) {
        BigDecimal pct = percent(used, q.allocated());
        List<Uni<Void>> work = new ArrayList<>();
        String fp = fingerprint(q, PERIOD_KEY);
        Instant open = state.fired.get(PERIOD_KEY);
        if (!period.equals(state.period)) {
            if (open != null) {
                work.add(alerts.close(fp, open, "period " + state.period + " ended"));
                state.fired.remove(PERIOD_KEY);
                open = null;
            }
            state.period = period;
            state.status = "normal";
            state.changed = true;
        }
        BigDecimal alertPct = UsageReports.alertPct(q);
        BigDecimal warningPct = UsageReports.warningPct(q);
        String status = UsageReports.periodicStatus(q, pct).name().toLowerCase(java.util.Locale.ROOT);
        if (!status.equals(state.status)) {
            Severity severity = status.equals("exceeded") ? Severity.ERROR : Severity.WARNING;
            String title = title(q) + ": " + status + " — " + pct.toPlainString() + "% of the " + q.period()
                    + " allocation used in " + period;
            String message = "used " + used.toPlainString() + " of " + q.allocated().toPlainString()
                    + unit(q) + " (warning at " + warningPct.toPlainString() + "%, alert at " + alertPct.toPlainString() + "%)";
            AlertEvent.QuotaRef ref = new AlertEvent.QuotaRef(q.quotaId(), q.epoch(),
                    status.equals("exceeded") ? alertPct : warningPct, pct, null);
            if (status.equals("normal")) {
                if (open != null) {
                    work.add(alerts.close(fp, open, message));
                    state.fired.remove(PERIOD_KEY);
                }
            } else if (open != null) {
                work.add(alerts.refresh(fp, open, severity, title, message, used, ref));
            } else {
                Instant startsAt = Instant.now();
                Map<String, String> labels = labels(q, "quota_period");
                labels.put("quota_status", status);
                work.add(alerts.fire(new AlertService.Firing(RULE_ID, RULE_NAME, "quota_period", fp, severity,
                        "high", title, message, labels, Map.of("period", period), used,
                        q.allocated().multiply(alertPct).divide(HUNDRED), startsAt, ref), Duration.ZERO,
                        Integer.MAX_VALUE).replaceWithVoid());
                state.fired.put(PERIOD_KEY, startsAt);
            }
            state.status = status;
            state.changed = true;
        }
        return sequence(work);
    }

    /** The quota's steps in order, its own or the default, and 100 % (exhausted). */
    private static List<BigDecimal> steps(QuotaEvent q) {
        TreeSet<BigDecimal> steps = new TreeSet<>(q.thresholds().isEmpty() ? DEFAULT_STEPS : q.thresholds());
        steps.add(HUNDRED);
        return List.copyOf(steps);
    }

    private static AlertService.Firing stepFiring(QuotaEvent q, BigDecimal step, BigDecimal used, BigDecimal pct,
            Instant startsAt) {
        boolean exhausted = step.compareTo(HUNDRED) >= 0;
        String type = exhausted ? "quota_exhausted" : "quota_step";
        Severity severity = exhausted ? Severity.CRITICAL : step.compareTo(new BigDecimal("90")) >= 0 ? Severity.ERROR
                : step.compareTo(new BigDecimal("80")) >= 0 ? Severity.WARNING : Severity.INFO;
        String stepText = step.stripTrailingZeros().toPlainString();
        Map<String, String> labels = labels(q, type);
        labels.put("step", stepText);
        String title = title(q) + (exhausted ? ": quota exhausted (" : ": " + stepText + "% step reached (")
                + pct.toPlainString() + "% used)";
        String message = "used " + used.toPlainString() + " of " + q.allocated().toPlainString() + unit(q)
                + " (allocation epoch " + q.epoch() + ")" + (exhausted && q.autoDisable() ? "; the subject will be disabled" : "");
        return new AlertService.Firing(RULE_ID, RULE_NAME, type, fingerprint(q, stepText), severity,
                exhausted ? "critical" : "high", title, message, labels, Map.of(), used,
                q.allocated().multiply(step).divide(HUNDRED), startsAt,
                new AlertEvent.QuotaRef(q.quotaId(), q.epoch(), step, pct, exhausted ? q.autoDisable() : null));
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

    static String fingerprint(QuotaEvent q, String step) {
        return Fingerprints.of(RULE_ID, Map.of("quota_id", q.quotaId(), "step", step));
    }

    static BigDecimal percent(BigDecimal used, BigDecimal allocated) {
        if (allocated.signum() <= 0) {
            return used.signum() > 0 ? HUNDRED : BigDecimal.ZERO;
        }
        return used.multiply(HUNDRED).divide(allocated, 2, RoundingMode.HALF_EVEN);
    }

    private static QuotaStates.State fresh(QuotaEvent q) {
        QuotaStates.State s = new QuotaStates.State();
        s.epoch = q.epoch();
        s.changed = true;
        return s;
    }

    /** Explicitly deleted quotas: their open alerts resolve and their state goes. */
    private Uni<Void> closeRemoved() {
        List<String> removed = book.takeRemoved();
        if (removed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.states().chain(all -> Multi.createFrom().iterable(removed)
                .onItem().transformToUniAndConcatenate(id -> {
                    QuotaStates.State s = all.get(id);
                    if (s == null) {
                        return Uni.createFrom().voidItem();
                    }
                    QuotaEvent gone = new QuotaEvent(id, null, null, null, BigDecimal.ZERO, null, null, false, false,
                            0, null, null, null, true, null);
                    List<Uni<Void>> work = new ArrayList<>();
                    s.fired.forEach((step, at) -> work.add(alerts.close(fingerprint(gone, step), at, "quota deleted")));
                    return sequence(work).chain(() -> store.delete(id));
                })
                .collect().last().replaceWithVoid());
    }

    private static Uni<Void> sequence(List<Uni<Void>> work) {
        return Multi.createFrom().iterable(work).onItem().transformToUniAndConcatenate(u -> u)
                .collect().last().replaceWithVoid();
    }
}
