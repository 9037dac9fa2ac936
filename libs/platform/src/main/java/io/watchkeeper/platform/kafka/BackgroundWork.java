package io.watchkeeper.platform.kafka;

import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/** Runs reactive work started outside a request (wake-ups, timers) on a fresh, safe Vert.x context. */
@ApplicationScoped
public class BackgroundWork {

    private final Vertx vertx;

    public BackgroundWork(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Subscribes to {@code work} on a new duplicated context, as Hibernate Reactive requires, so it never
     * shares a session with its caller. Failures are logged; the work handles its own retries.
     */
    public void run(Supplier<Uni<Void>> work) {
        fresh().runOnContext(ignored -> work.get().subscribe().with(
                done -> { },
                failure -> Log.errorf(failure, "background work failed")));
    }

    /**
     * The same, awaitable: {@code work} runs on a new duplicated context each time the returned Uni is
     * subscribed (a retry gets a clean session too). Lets one caller run several transactions at once.
     */
    public <T> Uni<T> isolated(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> fresh().runOnContext(ignored -> work.get().subscribe()
                .with(emitter::complete, emitter::fail)));
    }

    private Context fresh() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }
}
