package io.watchkeeper.evaluator.quota;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.evaluator.alert.AlertService;
import io.watchkeeper.evaluator.engine.Engine;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Checks every quota every {@code quota-check} on the owner of partition 0: sums what the partitions counted
 * (checkpointed), lets {@link QuotaSteps} decide, fires / refreshes / resolves the alerts it says
 * ({@link QuotaAlerts} words them), and stores where the quota stands with its usage report when that is news
 * ({@link QuotaStates}) — so a restart or a new owner neither repeats nor forgets a step.
 */
@ApplicationScoped
public class QuotaChecker {

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

    @Scheduled(
            every = "${watchkeeper.evaluator.quota-check}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        if (!engine.owns(0)) {
            return Uni.createFrom().voidItem();
        }
        return check().onFailure()
                .invoke(e -> Log.warnf("quota check failed, retrying: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** One look at every quota, then the deleted ones. */
    public Uni<Void> check() {
        Instant now = Instant.now();
        return Uni.combine()
                .all()
                .unis(store.usage(), store.states())
                .asTuple()
                .chain(t -> Multi.createFrom()
                        .iterable(List.copyOf(book.all()))
                        .onItem()
                        .transformToUniAndConcatenate(q -> check(
                                q,
                                t.getItem1().getOrDefault(q.quotaId(), Map.of()),
                                t.getItem2().get(q.quotaId()),
                                now))
                        .collect()
                        .last())
                .chain(this::closeRemoved);
    }

    private Uni<Void> check(QuotaEvent q, Map<String, BigDecimal> counted, QuotaStates.Stored stored, Instant now) {
        QuotaSteps.Standing before = stored == null ? QuotaSteps.Standing.fresh(q) : stored.standing();
        String period = Periods.current(q, now, counted.keySet());
        BigDecimal used = counted.getOrDefault(period, BigDecimal.ZERO);
        // an unmonitored quota fires no steps, but its usage is still reported
        QuotaSteps.Decision decision = q.monitor()
                ? QuotaSteps.decide(q, before, used, period, now)
                : new QuotaSteps.Decision(before, List.of());
        Log.debugf("quota %s: %s used in %s → %s", q.quotaId(), used, period, decision);
        QuotaUsageEvent report = q.period() == null
                ? UsageReports.prepaid(q, used, QuotaSteps.steps(q), now)
                : UsageReports.periodic(q, period, used, now);
        String reported = stored == null ? null : stored.reported();
        boolean news = !UsageReports.signature(report).equals(reported);
        return apply(q, decision.changes(), used, period)
                .chain(() -> stored == null || news || !decision.next().equals(before)
                        ? store.save(q.quotaId(), decision.next(), news ? report : null, reported)
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> apply(QuotaEvent q, List<QuotaSteps.Change> changes, BigDecimal used, String period) {
        return Multi.createFrom()
                .iterable(changes)
                .onItem()
                .transformToUniAndConcatenate(change -> {
                    String fingerprint = QuotaAlerts.fingerprint(q.quotaId(), change.key());
                    if (change instanceof QuotaSteps.Fire f) {
                        return alerts.fire(
                                        f.step() != null
                                                ? QuotaAlerts.step(q, f.step(), used, f.at())
                                                : QuotaAlerts.period(q, f.status(), used, period, f.at()),
                                        Duration.ZERO,
                                        Integer.MAX_VALUE)
                                .replaceWithVoid();
                    }
                    if (change instanceof QuotaSteps.Refresh r) {
                        return alerts.refresh(
                                fingerprint,
                                r.since(),
                                QuotaAlerts.severity(r.status()),
                                QuotaAlerts.periodTitle(q, r.status(), used, period),
                                QuotaAlerts.periodMessage(q, used),
                                used,
                                null,
                                QuotaAlerts.periodRef(q, r.status(), used));
                    }
                    QuotaSteps.Resolve r = (QuotaSteps.Resolve) change;
                    return alerts.close(fingerprint, r.since(), QuotaAlerts.resolution(q, r, used));
                })
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** Explicitly deleted quotas: their open alerts resolve and their state goes. */
    private Uni<Void> closeRemoved() {
        List<String> removed = book.takeRemoved();
        if (removed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.states().chain(all -> Multi.createFrom()
                .iterable(removed)
                .onItem()
                .transformToUniAndConcatenate(id -> {
                    QuotaStates.Stored s = all.get(id);
                    if (s == null) {
                        return Uni.createFrom().voidItem();
                    }
                    return Multi.createFrom()
                            .iterable(QuotaSteps.deleted(s.standing()))
                            .onItem()
                            .transformToUniAndConcatenate(r -> alerts.close(
                                    QuotaAlerts.fingerprint(id, r.key()),
                                    r.since(),
                                    QuotaAlerts.resolution(null, r, null)))
                            .collect()
                            .last()
                            .chain(() -> store.delete(id));
                })
                .collect()
                .last()
                .replaceWithVoid());
    }
}
