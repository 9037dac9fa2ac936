package io.watchkeeper.evaluator.engine;

import io.smallrye.mutiny.Uni;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The work started by batches already evaluated that a checkpoint must wait for — their alert transitions, the dead
 * letters of events whose evaluation threw — and the backpressure on it: while {@code max} pieces are still under way
 * the next batch waits for the oldest.
 */
final class Committing {

    private final int max;
    private final Deque<CompletableFuture<Void>> pending = new ConcurrentLinkedDeque<>();

    Committing(int max) {
        this.max = max;
    }

    /** Counts {@code work} until it completes. */
    void track(CompletableFuture<Void> work) {
        if (!work.isDone()) {
            pending.add(work);
            work.whenComplete((ok, failure) -> pending.remove(work));
        }
    }

    /** Emits once there is room for one more batch (called inside the engine's serial section). */
    Uni<Void> room() {
        CompletableFuture<Void> oldest = pending.size() >= max ? pending.peekFirst() : null;
        return oldest == null
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(oldest).replaceWithVoid();
    }

    /** Completes when everything under way now has completed: what a checkpoint taken now covers. */
    CompletableFuture<Void> covered() {
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }
}
