package io.watchkeeper.evaluator.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.evaluator.EvaluatorConfig;
import io.watchkeeper.evaluator.alert.AlertService;
import io.watchkeeper.evaluator.alert.Fingerprints;
import io.watchkeeper.evaluator.engine.Verdicts.Verdict;
import io.watchkeeper.evaluator.quota.Periods;
import io.watchkeeper.evaluator.quota.QuotaBook;
import io.watchkeeper.evaluator.quota.QuotaUsage;
import io.watchkeeper.evaluator.rule.Condition;
import io.watchkeeper.evaluator.rule.RuleSpec;
import io.watchkeeper.platform.kafka.BackgroundWork;
import io.watchkeeper.platform.kafka.ConsumerGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The streaming engine's serial section and its entry points (rules, partitions, events, tick, checkpoints). State
 * per binding (rule × series) lives in memory, split by the partitions of
 * {@code wk.metrics.v1} this instance owns; the database sees only alert transitions and periodic
 * checkpoints (state + next offset, per partition, in one transaction). Everything that touches the
 * state runs one task at a time ({@link Serial}): a batch of events, a tick, a checkpoint, a rule change.
 * Conditions are evaluated on every event of a series and on a tick, so silence, {@code for} and
 * {@code keepFiringFor} need no traffic. The rules are indexed by {@link RuleIndex}, transitions committed by
 * {@link Transitions}, renewals evaluated by {@link Renewals}, meters kept by {@link EngineMetrics}.
 */
@ApplicationScoped
public class Engine {

    /** An event the consumer hands over: where it came from and what it says. */
    public record Input(int partition, long offset, String key, String id, MetricEvent event) {}

    /** An event whose evaluation failed, and why: set aside (dead-lettered) by the consumer, never retried. */
    public record Rejected(Input input, RuntimeException reason) {}

    private final Checkpoints checkpoints;
    /** Set when an event counted for a quota since the last checkpoint was taken. */
    private volatile boolean quotaCounted;

    private final AtomicBoolean checkpointing = new AtomicBoolean();
    private final QuotaBook quotas;
    private final Duration maxFuture;
    private final Duration idleAfter;
    private final Serial serial = new Serial();
    private final RuleIndex rules = new RuleIndex();
    private final Map<Integer, PartitionState> partitions = new ConcurrentHashMap<>();
    private final EngineMetrics metrics;
    private final Transitions transitions;

    public Engine(
            AlertService alerts,
            Checkpoints checkpoints,
            QuotaBook quotas,
            BackgroundWork background,
            ConsumerGuard guard,
            MeterRegistry registry,
            EvaluatorConfig config) {
        this.checkpoints = checkpoints;
        this.quotas = quotas;
        this.maxFuture = config.maxFuture();
        this.idleAfter = config.idleAfter();
        this.metrics = new EngineMetrics(registry, rules, partitions);
        this.transitions = new Transitions(alerts, background, guard, serial, metrics);
    }

    // ---- rules -------------------------------------------------------------------------------------

    /** Replaces the whole rule set (start-up, and the periodic sync that brings other instances' edits). */
    public Uni<Void> syncRules(Collection<RuleSpec> all) {
        return serial.run(() -> {
            Map<UUID, RuleSpec> incoming = new HashMap<>();
            all.forEach(r -> incoming.put(r.id(), r));
            List<Work> work = new ArrayList<>();
            for (UUID id : List.copyOf(rules.byId().keySet())) {
                if (!incoming.containsKey(id)) {
                    work.addAll(removeRule(id, "rule deleted"));
                }
            }
            incoming.values().forEach(r -> {
                if (!r.equals(rules.get(r.id()))) {
                    work.addAll(applyRule(r));
                }
            });
            return transitions.execute(work);
        });
    }

    public Uni<Void> ruleChanged(RuleSpec rule) {
        return serial.run(() -> transitions.execute(applyRule(rule)));
    }

    public Uni<Void> ruleDeleted(UUID ruleId) {
        return serial.run(() -> transitions.execute(removeRule(ruleId, "rule deleted")));
    }

    private List<Work> applyRule(RuleSpec rule) {
        rules.put(rule);
        Condition c = rule.condition();
        return closeBindings(
                b -> b.rule.id().equals(rule.id())
                        && (!rule.enabled()
                                || !rule.inScope(b.labels)
                                || (c.metrics().isEmpty()
                                        != b.rule.condition().metrics().isEmpty())),
                "rule " + rule.name() + " changed",
                rule);
    }

    private List<Work> removeRule(UUID id, String reason) {
        rules.remove(id);
        return closeBindings(b -> b.rule.id().equals(id), reason, null);
    }

    /** Closes and drops the bindings {@code which} selects; the rule's other bindings take the new version. */
    private List<Work> closeBindings(Predicate<Binding> which, String reason, RuleSpec replacement) {
        List<Work> work = new ArrayList<>();
        for (PartitionState ps : partitions.values()) {
            List<Binding> gone = new ArrayList<>();
            for (Binding b : ps.bindings.values()) {
                if (which.test(b)) {
                    if (b.phase != Binding.Phase.INACTIVE) {
                        work.add(Work.close(b, "resolved: " + reason));
                    }
                    gone.add(b);
                } else if (replacement != null && b.rule.id().equals(replacement.id())) {
                    b.rebind(replacement);
                }
            }
            ps.remove(gone);
        }
        return work;
    }

    // ---- partitions ---------------------------------------------------------------------------------

    /**
     * Restores the partitions' checkpoints and returns the offset to resume each from. A partition seen for
     * the first time starts at {@code positions} (the group's committed offset or the reset position) and that
     * start is saved at once: from then on the checkpoint alone says where to resume, so offsets committed to
     * Kafka (acknowledged as soon as a batch is evaluated) only report progress.
     */
    public Uni<Map<Integer, Long>> assigned(Map<Integer, Long> positions) {
        return serial.run(
                () -> checkpoints.load(positions.keySet(), rules.byId()).chain(restored -> {
                    Map<Integer, Long> fresh = new HashMap<>();
                    restored.forEach((p, ps) -> {
                        if (ps.nextOffset < 0) {
                            ps.nextOffset = positions.get(p);
                            fresh.put(p, ps.nextOffset);
                        }
                    });
                    return checkpoints.start(fresh).map(ignored -> {
                        Map<Integer, Long> resume = new HashMap<>();
                        restored.forEach((p, ps) -> {
                            ps.checkpointedOffset = ps.nextOffset;
                            partitions.put(p, ps);
                            resume.put(p, ps.nextOffset);
                        });
                        Log.infof(
                                "engine owns partitions %s (%d bindings restored, %d partitions new)",
                                positions.keySet(),
                                restored.values().stream()
                                        .mapToInt(s -> s.bindings.size())
                                        .sum(),
                                fresh.size());
                        return resume;
                    });
                }));
    }

    /**
     * Forgets the partitions once the task under way ends: their next owner restores them from the last
     * checkpoint and replays what came after it.
     */
    public Uni<Void> revoked(Collection<Integer> revoked) {
        return serial.run(() -> {
            revoked.forEach(partitions::remove);
            Log.infof("engine released partitions %s", revoked);
            return Uni.createFrom().voidItem();
        });
    }

    // ---- events -------------------------------------------------------------------------------------

    /**
     * Evaluates a batch of events in memory and starts the transitions it causes; emits once evaluated. The
     * next batch is evaluated while these commit; at most {@value Transitions#MAX_BATCHES_COMMITTING}
     * batches commit at once. A checkpoint covers a batch only once its transitions are committed, so a crash before that
     * replays the batch from the last checkpoint.
     *
     * @param nextOffsets per partition, the offset after the batch's last record, dead-lettered ones included: the
     *        checkpoint moves past them, so a restart does not read them again
     * @param setAside takes the events whose evaluation threw (the rest of the batch goes on); the checkpoint covers
     *        the batch only once what it returns has completed
     */
    public Uni<Void> process(
            List<Input> batch,
            Map<Integer, Long> nextOffsets,
            java.util.function.Function<List<Rejected>, Uni<Void>> setAside) {
        return serial.run(() -> transitions.room().map(ignored -> {
                    long started = System.nanoTime();
                    Instant now = Instant.now();
                    long nowMs = now.toEpochMilli();
                    List<Work> work = new ArrayList<>();
                    int accepted = 0;
                    int duplicate = 0;
                    int late = 0;
                    int future = 0;
                    List<Rejected> rejected = new ArrayList<>(0);
                    for (Input in : batch) {
                        PartitionState ps = partitions.get(in.partition());
                        if (ps == null) {
                            continue; // not (or no longer) ours: its owner evaluates it
                        }
                        ps.nextOffset = in.offset() + 1;
                        MetricEvent e = in.event();
                        long at = e.observedAt().toEpochMilli();
                        if (at > nowMs + maxFuture.toMillis()) {
                            future++;
                            continue;
                        }
                        try {
                            PartitionState.Route route = route(ps, in.key(), e);
                            if (route.seen(in.id())) {
                                duplicate++; // a producer's retry: counted once, for rules and quotas alike
                                continue;
                            }
                            countQuotas(ps, in.key(), e);
                            accepted++;
                            for (Binding b : route.bindings) {
                                if (!b.observe(e.metric(), Math.min(at, nowMs), e.value(), nowMs)) {
                                    late++;
                                }
                                Instant when = e.observedAt().isAfter(now) ? now : e.observedAt();
                                Verdict v = Verdicts.evaluate(b, now).annotated(e.annotations());
                                Binding.Action action = b.step(v.holds(), when, now);
                                Work.add(b, action, v, work);
                                if (action == Binding.Action.NONE
                                        && b.phase == Binding.Phase.ACTIVE
                                        && !e.annotations().isEmpty()) {
                                    work.add(Work.remind(b, v)); // an event with words updates the open alert it joins
                                }
                            }
                        } catch (RuntimeException failure) {
                            // contained to this event: the others, and every other series, go on
                            rejected.add(new Rejected(in, failure));
                        }
                    }
                    nextOffsets.forEach((partition, next) -> {
                        PartitionState ps = partitions.get(partition);
                        if (ps != null && next > ps.nextOffset) {
                            ps.nextOffset = next;
                        }
                    });
                    // counted once per batch: a shared counter per event costs more than the evaluation
                    metrics.accepted.increment(accepted);
                    metrics.duplicates.increment(duplicate);
                    metrics.late.increment(late);
                    metrics.future.increment(future);
                    metrics.unprocessable.increment(rejected.size());
                    EngineMetrics.since(metrics.evaluation, started);
                    transitions.launch(work);
                    if (!rejected.isEmpty()) {
                        transitions.track(setAside.apply(rejected).subscribeAsCompletionStage());
                    }
                    return null;
                }))
                .replaceWithVoid();
    }

    private void countQuotas(PartitionState ps, String key, MetricEvent e) {
        for (QuotaEvent q : quotas.counting(e.metric(), e.labels())) {
            quotaCounted = true;
            String period = Periods.of(q, e.observedAt());
            ps.quotas
                    .computeIfAbsent(q.quotaId(), id -> new QuotaUsage(period))
                    .add(period, e.kind(), key, e.value(), e.observedAt().toEpochMilli());
        }
    }

    /** Whether this instance owns the partition (the owner of partition 0 runs the once-per-group work). */
    public boolean owns(int partition) {
        return partitions.containsKey(partition);
    }

    private PartitionState.Route route(PartitionState ps, String key, MetricEvent e) {
        PartitionState.Route route = ps.routes.get(key);
        if (route != null && route.rulesVersion == rules.version()) {
            return route;
        }
        List<Binding> bound = new ArrayList<>();
        for (RuleSpec rule : rules.reading(e.metric())) {
            if (rule.inScope(e.labels())) {
                String fingerprint = Fingerprints.of(rule.id(), e.labels());
                bound.add(ps.bindings.computeIfAbsent(
                        fingerprint, fp -> new Binding(rule, fp, ps.partition, e.labels())));
            }
        }
        route = new PartitionState.Route(rules.version(), bound.toArray(Binding[]::new));
        ps.routes.put(key, route);
        return route;
    }

    // ---- time ---------------------------------------------------------------------------------------

    /** Re-evaluates every binding without traffic (silence, for, keepFiringFor, windows sliding) and renewals. */
    @Scheduled(
            every = "${watchkeeper.evaluator.tick}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return serial.run(() -> {
            long started = System.nanoTime();
            Instant now = Instant.now();
            List<Work> work = new ArrayList<>();
            for (PartitionState ps : partitions.values()) {
                List<Binding> idle = new ArrayList<>();
                for (Binding b : ps.bindings.values()) {
                    if (b.rule.condition() instanceof Condition.Renewal) {
                        continue;
                    }
                    try {
                        Verdict v = Verdicts.evaluate(b, now);
                        step(b, v, v.since() != null ? v.since() : now, now, work);
                        b.fault = null;
                    } catch (RuntimeException failure) {
                        fault(b, failure);
                    }
                    if (idle(b, now)) {
                        idle.add(b);
                    }
                }
                ps.remove(idle);
                ps.forgetEmptyRoutes();
                metrics.evicted.increment(idle.size());
            }
            PartitionState home = partitions.get(0);
            if (home != null) {
                Renewals.evaluate(home, rules.all(), now, work);
            }
            EngineMetrics.since(metrics.tick, started);
            transitions.launch(work);
            return Uni.createFrom().voidItem();
        });
    }

    /** A binding whose evaluation throws is skipped until it evaluates again; the reason is logged once. */
    private void fault(Binding b, RuntimeException failure) {
        metrics.faults.increment();
        String reason = failure.toString();
        if (!reason.equals(b.fault)) {
            b.fault = reason;
            Log.errorf("rule %s on %s cannot be evaluated, skipped until it can: %s", b.rule.name(), b.labels, reason);
        }
    }

    /**
     * A binding with no episode whose series has been silent longer than its window and the idle time
     * is dropped (its checkpoint row too): memory follows the live series, not every series ever seen.
     * An absence binding is never idle this way — its silence fires first.
     */
    private boolean idle(Binding b, Instant now) {
        if (b.phase != Binding.Phase.INACTIVE || b.lastSeen == null) {
            return false;
        }
        Duration keep = b.rule.condition().window().compareTo(idleAfter) > 0
                ? b.rule.condition().window()
                : idleAfter;
        return b.lastSeen.plus(keep).isBefore(now);
    }

    private void step(Binding b, Verdict v, Instant when, Instant now, List<Work> work) {
        Work.add(b, b.step(v.holds(), when, now), v, work);
    }

    // ---- checkpoints --------------------------------------------------------------------------------

    /**
     * Quota usage is checked from the checkpoints: a partition that counted some checkpoints at the next
     * {@code quota-checkpoint} (1 s) instead of waiting for {@code checkpoint-interval}, so a step alert follows its
     * spend within seconds. Still a whole checkpoint — counts, state and offsets agree.
     */
    @Scheduled(
            every = "${watchkeeper.evaluator.quota-checkpoint}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> quotaCheckpoint() {
        return quotaCounted ? checkpoint() : Uni.createFrom().voidItem();
    }

    @Scheduled(
            every = "${watchkeeper.evaluator.checkpoint-interval}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> checkpoint() {
        // one at a time (two schedules call it): a later snapshot is never overwritten by an earlier one
        if (!checkpointing.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        quotaCounted = false;
        // the state is snapshotted inside the serial section and written outside it, once the transitions of
        // the batches it covers are committed: state, offsets and alerts always agree (a crash before the write
        // replays those batches from the previous checkpoint), and events go on meanwhile
        record Taken(Checkpoints.Snapshot snap, CompletableFuture<Void> covered) {}
        return serial.run(() -> Uni.createFrom()
                        .item(() -> new Taken(
                                metrics.snapshot.record(() -> checkpoints.take(List.copyOf(partitions.values()))),
                                transitions.covered())))
                .chain(taken -> taken.snap() == null
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom()
                                .completionStage(taken.covered())
                                .chain(() -> checkpoints.write(taken.snap()))
                                .onItemOrFailure()
                                .call((ok, failure) -> serial.run(() -> {
                                    checkpoints.settle(taken.snap(), failure == null);
                                    if (failure != null) {
                                        Log.warnf(
                                                "checkpoint failed, retrying at the next interval: %s",
                                                failure.getMessage());
                                    }
                                    return Uni.createFrom().voidItem();
                                })))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid()
                .eventually(() -> checkpointing.set(false));
    }
}
