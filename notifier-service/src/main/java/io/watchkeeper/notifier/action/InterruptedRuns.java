package io.watchkeeper.notifier.action;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.notifier.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Sweeps runs left {@code running} longer than any action can take — the notifier stopped mid-way — into
 * {@code failed}, so their target's cooldown is not held forever. They are not run again: a restart may have
 * happened, and handling the alert again is the operator's call.
 */
@ApplicationScoped
public class InterruptedRuns {

    private static final RunOutcome INTERRUPTED = RunOutcome.failed("interrupted: the notifier stopped before the "
            + "action finished; it may or may not have taken effect and is not run again");

    private final ActionRuns runs;
    private final Duration after;

    public InterruptedRuns(ActionRuns runs, NotifierConfig config) {
        this.runs = runs;
        this.after = config.actionInterruptedAfter();
    }

    @Scheduled(
            every = "1m",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return sweep().replaceWithVoid();
    }

    /** Records the interrupted runs as failed; returns how many. */
    public Uni<Integer> sweep() {
        return runs.failRunningSince(after, INTERRUPTED);
    }
}
