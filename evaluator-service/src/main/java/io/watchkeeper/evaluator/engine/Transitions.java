package io.watchkeeper.evaluator.engine;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.evaluator.alert.AlertService;
import io.watchkeeper.platform.kafka.BackgroundWork;
import io.watchkeeper.platform.kafka.ConsumerGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Commits the alert transitions the engine's work asks for: in order per binding — after that binding's
 * transitions from earlier batches — and bindings in parallel, each on a context and session of its own, retried
 * while the database is down. What is under way is tracked ({@link Committing}): the next batch waits while
 * {@value #MAX_BATCHES_COMMITTING} are still committing, and a checkpoint covers only what has committed.
 */
final class Transitions {

    static final int MAX_BATCHES_COMMITTING = 4;

    private final AlertService alerts;
    private final BackgroundWork background;
    private final ConsumerGuard guard;
    private final Serial serial;
    private final EngineMetrics metrics;
    private final Committing committing = new Committing(MAX_BATCHES_COMMITTING);

    Transitions(
            AlertService alerts, BackgroundWork background, ConsumerGuard guard, Serial serial, EngineMetrics metrics) {
        this.alerts = alerts;
        this.background = background;
        this.guard = guard;
        this.serial = serial;
        this.metrics = metrics;
    }

    /** Emits once there is room for one more batch's transitions (inside the serial section). */
    Uni<Void> room() {
        return committing.room();
    }

    /** Counts other work a checkpoint must wait for (the dead letters of a batch). */
    void track(CompletableFuture<Void> work) {
        committing.track(work);
    }

    /** Completes when everything under way now has committed. */
    CompletableFuture<Void> covered() {
        return committing.covered();
    }

    /** Starts the transitions and waits for them (rule changes: rare, and inside the serial section). */
    Uni<Void> execute(List<Work> work) {
        return Uni.createFrom().completionStage(launch(work));
    }

    /** Starts the transitions; the returned future completes when all are committed (or given up). */
    CompletableFuture<Void> launch(List<Work> work) {
        if (work.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long started = System.nanoTime();
        Map<Binding, List<Work>> byBinding = new LinkedHashMap<>();
        work.forEach(w ->
                byBinding.computeIfAbsent(w.binding(), b -> new ArrayList<>()).add(w));
        List<Uni<Void>> chains = new ArrayList<>();
        byBinding.forEach((b, list) -> {
            CompletableFuture<Void> before = b.committed;
            CompletableFuture<Void> mine = new CompletableFuture<>();
            b.committed = mine;
            chains.add(Uni.createFrom()
                    .completionStage(before)
                    .chain(() -> Multi.createFrom()
                            .iterable(list)
                            .onItem()
                            .transformToUniAndConcatenate(this::run)
                            .collect()
                            .last()
                            .replaceWithVoid())
                    .onTermination()
                    .invoke(() -> mine.complete(null)));
        });
        CompletableFuture<Void> all = Multi.createFrom()
                .iterable(chains)
                .onItem()
                .transformToUni(c -> c)
                .merge(16)
                .collect()
                .last()
                .replaceWithVoid()
                .invoke(() -> EngineMetrics.since(metrics.transitions, started))
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
        return guard.retried(
                        "alert-transitions",
                        "alert transition of " + b.fingerprint,
                        () -> background.isolated(() -> transitionOf(w)))
                .onFailure()
                .recoverWithItem(failure -> {
                    metrics.failedTransitions.increment();
                    Log.errorf(
                            failure,
                            "alert transition %s of %s (rule %s) given up",
                            w.action(),
                            b.fingerprint,
                            b.rule.name());
                    return null;
                });
    }

    private Uni<Void> transitionOf(Work w) {
        Binding b = w.binding();
        String type = b.rule.type().wireName();
        if (w.action() == null) {
            return alerts.refresh(
                            b.fingerprint,
                            w.startsAt(),
                            null,
                            w.firing().title(),
                            w.firing().message(),
                            w.firing().value(),
                            w.firing().annotations(),
                            null)
                    .invoke(() -> metrics.transition("reminded", type));
        }
        return switch (w.action()) {
            case PENDING -> alerts.pending(w.firing()).invoke(() -> metrics.transition("pending", type));
            case FIRE -> alerts.fire(w.firing(), b.rule.cooldown(), b.rule.maxAlertsPerDay())
                    .invoke(outcome -> {
                        Log.debugf("fire %s since %s: %s", b.fingerprint, w.startsAt(), outcome);
                        Instant now = Instant.now();
                        if (outcome instanceof AlertService.Outcome.Fired f && !f.replay()) {
                            // how long after it was due (condition held, plus `for`) the alert was stored
                            metrics.detection.record(
                                    Duration.between(w.startsAt().plus(b.rule.pendingFor()), now));
                        }
                        metrics.transition(
                                outcome instanceof AlertService.Outcome.Suppressed
                                        ? "suppressed"
                                        : outcome instanceof AlertService.Outcome.Fired ? "firing" : "closed",
                                type);
                        // the binding learns the outcome inside the serial section (its only writer); nothing waits for
                        // it
                        // here — a checkpoint taken before it arrives is covered: restored firing bindings ask once
                        // more
                        serial.run(() -> {
                                    b.retryAt = outcome instanceof AlertService.Outcome.Suppressed s ? s.until() : null;
                                    if (!(outcome instanceof AlertService.Outcome.Suppressed)) {
                                        b.lastRemindedAt = now;
                                    }
                                    b.dirty = true;
                                    return Uni.createFrom().voidItem();
                                })
                                .subscribe()
                                .with(ignored -> {}, failure -> Log.warnf("binding %s: %s", b.fingerprint, failure));
                    })
                    .replaceWithVoid();
            case CLOSE -> alerts.close(b.fingerprint, w.startsAt(), w.message())
                    .invoke(() -> metrics.transition("closed", type));
            case NONE -> Uni.createFrom().voidItem();
        };
    }
}
