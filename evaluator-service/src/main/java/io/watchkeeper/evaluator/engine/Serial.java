package io.watchkeeper.evaluator.engine;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one at a time, in the order they were submitted: the engine's state is touched
 * by one task at a time (a batch of events, a tick, a checkpoint, a rule change) without blocking a thread.
 */
final class Serial {

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    <T> Uni<T> run(Supplier<Uni<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            previous = tail;
            tail = done;
        }
        previous.whenComplete((ignored, failure) -> Uni.createFrom()
                .<T>deferred(task::get)
                .subscribe()
                .with(
                        item -> {
                            done.complete(null);
                            result.complete(item);
                        },
                        error -> {
                            done.complete(null);
                            result.completeExceptionally(error);
                        }));
        return Uni.createFrom().completionStage(result);
    }
}
