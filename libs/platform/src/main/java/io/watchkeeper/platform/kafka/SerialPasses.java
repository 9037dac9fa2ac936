package io.watchkeeper.platform.kafka;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs a batch job ("pass") one at a time, on demand: a request during a pass causes exactly one more,
 * and a pass that reports more work waiting is followed by another. Used by the outbox relay and the
 * notifier's dispatcher, which are woken after each commit and on a timer.
 */
public final class SerialPasses {

    private final String name;
    private final BackgroundWork background;
    private final Supplier<Uni<Boolean>> pass;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** @param pass one batch; emits true when a full batch was handled and more may be waiting */
    public SerialPasses(String name, BackgroundWork background, Supplier<Uni<Boolean>> pass) {
        this.name = name;
        this.background = background;
        this.pass = pass;
    }

    public void request() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            background.run(this::loop);
        }
    }

    private Uni<Void> loop() {
        again.set(false);
        return Uni.createFrom()
                .<Boolean>deferred(pass::get)
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf("%s: pass failed, will retry: %s", name, failure.getMessage());
                    return false;
                })
                .chain(more -> {
                    if (more || again.get()) {
                        return loop();
                    }
                    running.set(false);
                    // a request that raced with the end of this pass must not be lost
                    if (again.get() && running.compareAndSet(false, true)) {
                        return loop();
                    }
                    return Uni.createFrom().voidItem();
                });
    }
}
