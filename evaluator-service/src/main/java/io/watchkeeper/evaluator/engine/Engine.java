package io.watchkeeper.evaluator.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.evaluator.alert.AlertService;
import io.watchkeeper.evaluator.alert.Fingerprints;
import io.watchkeeper.evaluator.engine.Verdicts.Verdict;
import io.watchkeeper.contracts.event.QuotaEvent;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import io.watchkeeper.evaluator.EvaluatorConfig;

/**
 * The streaming engine. State per binding (rule × series) lives in memory, split by the partitions of
 * {@code wk.metrics.v1} this instance owns; the database sees only alert transitions and periodic
 * checkpoints (state + next offset, per partition, in one transaction). Everything that touches the
 * state runs one task at a time ({@link Serial}): a batch of events, a tick, a checkpoint, a rule change.
 * Conditions are evaluated on every event of a series and on a tick, so silence, {@code for} and
 * {@code keepFiringFor} need no traffic.
 */
@ApplicationScoped
public class Engine {

    /** An event the consumer hands over: where it came from and what it says. */
    public record Input(int partition, long offset, String key, String id, MetricEvent event) {
    }

    /** An event whose evaluation failed, and why: set aside (dead-lettered) by the consumer, never retried. */
    public record Rejected(Input input, RuntimeException reason) {
    }

    /** Something to do in the database for a binding, captured when the state changed. */
    private record Work(Binding binding, Binding.Action action, AlertService.Firing firing, Instant startsAt,
            String message) {
    }

    private final AlertService alerts;
    private final Checkpoints checkpoints;
    /** Set when an event counted for a quota since the last checkpoint was taken. */
    private volatile boolean quotaCounted;
    private final java.util.concurrent.atomic.AtomicBoolean checkpointing = new java.util.concurrent.atomic.AtomicBoolean();
    private final QuotaBook quotas;
    private final BackgroundWork background;
    private final ConsumerGuard guard;
    private final Counter failedTransitions;
    private final Duration maxFuture;
    private final Duration idleAfter;
    private final Counter evicted;
    private final io.micrometer.core.instrument.Timer snapshotTime;
    private final io.micrometer.core.instrument.Timer evaluateTime;
    private final io.micrometer.core.instrument.Timer tickTime;
    private final io.micrometer.core.instrument.Timer transitionsTime;
    private final io.micrometer.core.instrument.Timer detection;
    private static final int MAX_BATCHES_COMMITTING = 4;
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};
    private final Serial serial = new Serial();
    private final Committing committing = new Committing(MAX_BATCHES_COMMITTING);
    private final Map<UUID, RuleSpec> rules = new ConcurrentHashMap<>();
    private volatile Map<String, List<RuleSpec>> rulesByMetric = Map.of();
    private int rulesVersion;
    private final Map<Integer, PartitionState> partitions = new ConcurrentHashMap<>();
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter late;
    private final Counter future;
    private final Counter unprocessable;
    private final Counter faults;
    private final MeterRegistry registry;

    public Engine(AlertService alerts, Checkpoints checkpoints, QuotaBook quotas, BackgroundWork background,
            ConsumerGuard guard,
            MeterRegistry registry,
            EvaluatorConfig config) {
        this.idleAfter = config.idleAfter();
        this.snapshotTime = io.micrometer.core.instrument.Timer.builder("watchkeeper_evaluator_checkpoint_snapshot")
                .description("time the engine is paused to snapshot a checkpoint").register(registry);
        this.evaluateTime = io.micrometer.core.instrument.Timer.builder("watchkeeper_evaluator_batch_evaluation")
                .description("in-memory evaluation of one batch of events").register(registry);
        this.transitionsTime = io.micrometer.core.instrument.Timer.builder("watchkeeper_evaluator_transitions_batch")
                .description("committing the alert transitions one batch (or tick) caused").register(registry);
        this.detection = io.micrometer.core.instrument.Timer.builder("watchkeeper_evaluator_detection")
                .description("from when an alert was due (its condition held, plus for) to its firing committed")
                .publishPercentiles(0.5, 0.99).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        this.tickTime = io.micrometer.core.instrument.Timer.builder("watchkeeper_evaluator_tick")
                .description("in-memory re-evaluation of every binding on the tick").register(registry);
        this.evicted = registry.counter("watchkeeper_evaluator_bindings_evicted_total");
        this.alerts = alerts;
        this.checkpoints = checkpoints;
        this.quotas = quotas;
        this.background = background;
        this.guard = guard;
        this.failedTransitions = registry.counter("watchkeeper_evaluator_transitions_failed_total");
        this.registry = registry;
        this.maxFuture = config.maxFuture();
        this.accepted = registry.counter("watchkeeper_evaluator_events_total", "outcome", "accepted");
        this.duplicates = registry.counter("watchkeeper_evaluator_events_total", "outcome", "duplicate");
        this.late = registry.counter("watchkeeper_evaluator_events_total", "outcome", "late");
        this.future = registry.counter("watchkeeper_evaluator_events_total", "outcome", "future");
        this.unprocessable = registry.counter("watchkeeper_evaluator_events_total", "outcome", "unprocessable");
        this.faults = registry.counter("watchkeeper_evaluator_binding_faults_total");
        registry.gaugeMapSize("watchkeeper_evaluator_rules", List.of(), rules);
        registry.gaugeMapSize("watchkeeper_evaluator_partitions", List.of(), partitions);
        registry.gauge("watchkeeper_evaluator_bindings", partitions,
                p -> p.values().stream().mapToInt(s -> s.bindings.size()).sum());
    }

    // ---- rules -------------------------------------------------------------------------------------

    /** Replaces the whole rule set (start-up, and the periodic sync that brings other instances' edits). */
    public Uni<Void> syncRules(Collection<RuleSpec> all) {
        return serial.run(() -> {
            Map<UUID, RuleSpec> incoming = new HashMap<>();
            all.forEach(r -> incoming.put(r.id(), r));
            List<Work> work = new ArrayList<>();
            for (UUID id : List.copyOf(rules.keySet())) {
                if (!incoming.containsKey(id)) {
                    work.addAll(removeRule(id, "rule deleted"));
                }
            }
            incoming.values().forEach(r -> {
                if (!r.equals(rules.get(r.id()))) {
                    work.addAll(applyRule(r));
                }
            });
            return execute(work);
        });
    }

    public Uni<Void> ruleChanged(RuleSpec rule) {
        return serial.run(() -> execute(applyRule(rule)));
    }

    public Uni<Void> ruleDeleted(UUID ruleId) {
        return serial.run(() -> execute(removeRule(ruleId, "rule deleted")));
    }

    private List<Work> applyRule(RuleSpec rule) {
        rules.put(rule.id(), rule);
        reindex();
        Condition c = rule.condition();
        return closeBindings(b -> b.rule.id().equals(rule.id()) && (!rule.enabled() || !rule.inScope(b.labels)
                || (c.metrics().isEmpty() != b.rule.condition().metrics().isEmpty())), "rule " + rule.name()
                + " changed", rule);
    }

    private List<Work> removeRule(UUID id, String reason) {
        rules.remove(id);
        reindex();
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
                        work.add(new Work(b, Binding.Action.CLOSE, null, b.activeAt, "resolved: " + reason));
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

    private void reindex() {
        Map<String, List<RuleSpec>> index = new HashMap<>();
        for (RuleSpec r : rules.values()) {
            if (r.enabled()) {
                r.condition().metrics().forEach(m -> index.computeIfAbsent(m, k -> new ArrayList<>()).add(r));
            }
        }
        rulesByMetric = index;
        rulesVersion++;
    }

    // ---- partitions ---------------------------------------------------------------------------------

    /**
     * Restores the partitions' checkpoints and returns the offset to resume each from. A partition seen for
     * the first time starts at {@code positions} (the group's committed offset or the reset position) and that
     * start is saved at once: from then on the checkpoint alone says where to resume, so offsets committed to
     * Kafka (acknowledged as soon as a batch is evaluated) only report progress.
     */
    public Uni<Map<Integer, Long>> assigned(Map<Integer, Long> positions) {
        return serial.run(() -> checkpoints.load(positions.keySet(), rules).chain(restored -> {
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
                Log.infof("engine owns partitions %s (%d bindings restored, %d partitions new)", positions.keySet(),
                        restored.values().stream().mapToInt(s -> s.bindings.size()).sum(), fresh.size());
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
     * next batch is evaluated while these commit; at most {@value #MAX_BATCHES_COMMITTING} batches commit at
     * once. A checkpoint covers a batch only once its transitions are committed, so a crash before that
     * replays the batch from the last checkpoint.
     *
     * @param nextOffsets per partition, the offset after the batch's last record, dead-lettered ones included: the
     *        checkpoint moves past them, so a restart does not read them again
     * @param setAside takes the events whose evaluation threw (the rest of the batch goes on); the checkpoint covers
     *        the batch only once what it returns has completed
     */
    public Uni<Void> process(List<Input> batch, Map<Integer, Long> nextOffsets,
            java.util.function.Function<List<Rejected>, Uni<Void>> setAside) {
        return serial.run(() -> committing.room().map(ignored -> {
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
                        step(b, Verdicts.evaluate(b, now), when, now, work);
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
            this.accepted.increment(accepted);
            this.duplicates.increment(duplicate);
            this.late.increment(late);
            this.future.increment(future);
            this.unprocessable.increment(rejected.size());
            evaluateTime.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            launch(work);
            if (!rejected.isEmpty()) {
                committing.track(setAside.apply(rejected).subscribeAsCompletionStage());
            }
            return null;
        })).replaceWithVoid();
    }

    private void countQuotas(PartitionState ps, String key, MetricEvent e) {
        for (QuotaEvent q : quotas.counting(e.metric(), e.labels())) {
            quotaCounted = true;
            String period = Periods.of(q, e.observedAt());
            ps.quotas.computeIfAbsent(q.quotaId(), id -> new QuotaUsage(period))
                    .add(period, e.kind(), key, e.value(), e.observedAt().toEpochMilli());
        }
    }

    /** Whether this instance owns the partition (the owner of partition 0 runs the once-per-group work). */
    public boolean owns(int partition) {
        return partitions.containsKey(partition);
    }

    private PartitionState.Route route(PartitionState ps, String key, MetricEvent e) {
        PartitionState.Route route = ps.routes.get(key);
        if (route != null && route.rulesVersion == rulesVersion) {
            return route;
        }
        List<Binding> bound = new ArrayList<>();
        for (RuleSpec rule : rulesByMetric.getOrDefault(e.metric(), List.of())) {
            if (rule.inScope(e.labels())) {
                String fingerprint = Fingerprints.of(rule.id(), e.labels());
                bound.add(ps.bindings.computeIfAbsent(fingerprint,
                        fp -> new Binding(rule, fp, ps.partition, e.labels())));
            }
        }
        route = new PartitionState.Route(rulesVersion, bound.toArray(Binding[]::new));
        ps.routes.put(key, route);
        return route;
    }

    // ---- time ---------------------------------------------------------------------------------------

    /** Re-evaluates every binding without traffic (silence, for, keepFiringFor, windows sliding) and renewals. */
    @Scheduled(every = "${watchkeeper.evaluator.tick}", delayed = "1s",
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
                evicted.increment(idle.size());
            }
            renewals(now, work);
            tickTime.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            launch(work);
            return Uni.createFrom().voidItem();
        });
    }

    /** A binding whose evaluation throws is skipped until it evaluates again; the reason is logged once. */
    private void fault(Binding b, RuntimeException failure) {
        faults.increment();
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
        Duration keep = b.rule.condition().window().compareTo(idleAfter) > 0 ? b.rule.condition().window() : idleAfter;
        return b.lastSeen.plus(keep).isBefore(now);
    }

    /** Renewal rules have no events: the owner of partition 0 evaluates them, one binding per subscription. */
    private void renewals(Instant now, List<Work> work) {
        PartitionState home = partitions.get(0);
        if (home == null) {
            return;
        }
        for (RuleSpec rule : rules.values()) {
            if (!rule.enabled() || !(rule.condition() instanceof Condition.Renewal c)) {
                continue;
            }
            for (Condition.Subscription sub : c.subscriptions()) {
                Map<String, String> labels = Map.of("subscription", sub.name());
                String fingerprint = Fingerprints.of(rule.id(), labels);
                Binding b = home.bindings.computeIfAbsent(fingerprint, fp -> new Binding(rule, fp, 0, labels));
                Verdict v = Verdicts.renewal(c, sub, rule.name(), now);
                Instant episode = v.since();
                if (b.phase != Binding.Phase.INACTIVE && !episode.equals(b.activeAt)) {
                    // the renewal date moved on (paid, or the rule changed): the old reminder ends
                    work.add(new Work(b, Binding.Action.CLOSE, null, b.activeAt, "renewal passed"));
                    b.phase = Binding.Phase.INACTIVE;
                }
                Binding.Action action = b.step(v.holds(), episode, now);
                if (action == Binding.Action.NONE && b.phase == Binding.Phase.ACTIVE && b.retryAt == null
                        && b.lastRemindedAt != null && !now.isBefore(b.lastRemindedAt.plus(c.repeatEvery()))) {
                    b.lastRemindedAt = now;
                    b.dirty = true;
                    work.add(new Work(b, null, firing(b, v), b.activeAt, null));
                    continue;
                }
                addWork(b, action, v, work);
            }
        }
    }

    private void step(Binding b, Verdict v, Instant when, Instant now, List<Work> work) {
        addWork(b, b.step(v.holds(), when, now), v, work);
    }

    private void addWork(Binding b, Binding.Action action, Verdict v, List<Work> work) {
        switch (action) {
            case NONE -> {
            }
            case CLOSE -> work.add(new Work(b, action, null, b.activeAt, null));
            default -> work.add(new Work(b, action, firing(b, v), b.activeAt, null));
        }
    }

    private static AlertService.Firing firing(Binding b, Verdict v) {
        RuleSpec rule = b.rule;
        Map<String, String> labels = new HashMap<>(b.labels);
        labels.putAll(rule.labels());
        labels.put("alertname", rule.name());
        labels.put("priority", rule.priority().wireName());
        Map<String, String> annotations = new HashMap<>(rule.annotations());
        annotations.putAll(v.annotations());
        return new AlertService.Firing(rule.id(), rule.name(), rule.type().wireName(), b.fingerprint,
                rule.severity(), rule.priority().wireName(), v.title().get(), v.message().get(), labels, annotations, v.value(),
                v.threshold(), b.activeAt, null);
    }

    // ---- transitions --------------------------------------------------------------------------------

    /** Starts the transitions and waits for them (rule changes: rare, and inside the serial section). */
    private Uni<Void> execute(List<Work> work) {
        return Uni.createFrom().completionStage(launch(work));
    }

    /**
     * Starts the transitions: in order per binding — after that binding's transitions from earlier batches —
     * and bindings in parallel. A failure (database down) is retried until it succeeds; the returned future
     * completes when all are committed.
     */
    private CompletableFuture<Void> launch(List<Work> work) {
        if (work.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long started = System.nanoTime();
        Map<Binding, List<Work>> byBinding = new LinkedHashMap<>();
        work.forEach(w -> byBinding.computeIfAbsent(w.binding(), b -> new ArrayList<>()).add(w));
        List<Uni<Void>> chains = new ArrayList<>();
        byBinding.forEach((b, list) -> {
            CompletableFuture<Void> before = b.committed;
            CompletableFuture<Void> mine = new CompletableFuture<>();
            b.committed = mine;
            chains.add(Uni.createFrom().completionStage(before)
                    .chain(() -> Multi.createFrom().iterable(list).onItem().transformToUniAndConcatenate(this::run)
                            .collect().last().replaceWithVoid())
                    .onTermination().invoke(() -> mine.complete(null)));
        });
        CompletableFuture<Void> all = Multi.createFrom().iterable(chains).onItem().transformToUni(c -> c).merge(16)
                .collect().last().replaceWithVoid()
                .invoke(() -> transitionsTime.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS))
                .subscribeAsCompletionStage();
        committing.track(all);
        return all;
    }

    private Uni<Void> run(Work w) {
        Binding b = w.binding();
        // each transition on a context of its own (assembled there too): transitions run in parallel, each
        // with its own session; a retry starts from a clean one. While the database is down it is retried as long as
        // that lasts; a transition that fails for another reason is given up after a few tries, with the reason, so
        // it cannot hold the engine (the batches behind it wait for it)
        return guard.retried("alert-transitions", "alert transition of " + b.fingerprint, () -> background.isolated(
                        () -> transitionOf(w)))
                .onFailure().recoverWithItem(failure -> {
                    failedTransitions.increment();
                    Log.errorf(failure, "alert transition %s of %s (rule %s) given up", w.action(), b.fingerprint,
                            b.rule.name());
                    return null;
                });
    }

    private Uni<Void> transitionOf(Work w) {
        Binding b = w.binding();
        String type = b.rule.type().wireName();
        if (w.action() == null) {
            return alerts.refresh(b.fingerprint, w.startsAt(), null, w.firing().title(), w.firing().message(),
                    w.firing().value(), null).invoke(() -> transition("reminded", type));
        }
        return switch (w.action()) {
            case PENDING -> alerts.pending(w.firing()).invoke(() -> transition("pending", type));
            case FIRE -> alerts.fire(w.firing(), b.rule.cooldown(), b.rule.maxAlertsPerDay()).invoke(outcome -> {
                Log.debugf("fire %s since %s: %s", b.fingerprint, w.startsAt(), outcome);
                Instant now = Instant.now();
                if (outcome instanceof AlertService.Outcome.Fired f && !f.replay()) {
                    // how long after it was due (condition held, plus `for`) the alert was stored
                    detection.record(Duration.between(w.startsAt().plus(b.rule.pendingFor()), now));
                }
                transition(outcome instanceof AlertService.Outcome.Suppressed ? "suppressed"
                        : outcome instanceof AlertService.Outcome.Fired ? "firing" : "closed", type);
                // the binding learns the outcome inside the serial section (its only writer); nothing waits for it
                // here — a checkpoint taken before it arrives is covered: restored firing bindings ask once more
                serial.run(() -> {
                    b.retryAt = outcome instanceof AlertService.Outcome.Suppressed s ? s.until() : null;
                    if (!(outcome instanceof AlertService.Outcome.Suppressed)) {
                        b.lastRemindedAt = now;
                    }
                    b.dirty = true;
                    return Uni.createFrom().voidItem();
                }).subscribe().with(ignored -> { }, failure -> Log.warnf("binding %s: %s", b.fingerprint, failure));
            }).replaceWithVoid();
            case CLOSE -> alerts.close(b.fingerprint, w.startsAt(), w.message()).invoke(() -> transition("closed", type));
            case NONE -> Uni.createFrom().voidItem();
        };
    }

    private void transition(String to, String type) {
        registry.counter("watchkeeper_evaluator_transitions_total", "to", to, "type", type).increment();
    }

    // ---- checkpoints --------------------------------------------------------------------------------

    /**
     * Quota usage is checked from the checkpoints: a partition that counted some checkpoints at the next
     * {@code quota-checkpoint} (1 s) instead of waiting for {@code checkpoint-interval}, so a step alert follows its
     * spend within seconds. Still a whole checkpoint — counts, state and offsets agree.
     */
    @Scheduled(every = "${watchkeeper.evaluator.quota-checkpoint}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> quotaCheckpoint() {
        return quotaCounted ? checkpoint() : Uni.createFrom().voidItem();
    }

    @Scheduled(every = "${watchkeeper.evaluator.checkpoint-interval}", delayed = "1s",
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
        record Taken(Checkpoints.Snapshot snap, CompletableFuture<Void> covered) {
        }
        return serial.run(() -> Uni.createFrom().item(() -> new Taken(
                        snapshotTime.record(() -> checkpoints.take(List.copyOf(partitions.values()))),
                        committing.covered())))
                .chain(taken -> taken.snap() == null ? Uni.createFrom().voidItem()
                        : Uni.createFrom().completionStage(taken.covered())
                                .chain(() -> checkpoints.write(taken.snap()))
                                .onItemOrFailure().call((ok, failure) -> serial.run(() -> {
                                    checkpoints.settle(taken.snap(), failure == null);
                                    if (failure != null) {
                                        Log.warnf("checkpoint failed, retrying at the next interval: %s",
                                                failure.getMessage());
                                    }
                                    return Uni.createFrom().voidItem();
                                })))
                .onFailure().recoverWithNull().replaceWithVoid()
                .eventually(() -> checkpointing.set(false));
    }

}
