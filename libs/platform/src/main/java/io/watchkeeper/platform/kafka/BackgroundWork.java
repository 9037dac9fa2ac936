package io.watchkeeper.platform.kafka;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs reactive work started outside a request (wake-ups, timers, a consumer's transactions) on a fresh, safe
 * Vert.x context. The contexts take the event loops in turn: work a consumer starts does not queue behind the
 * consumer on its own loop but uses every core.
 */
@ApplicationScoped
public class BackgroundWork {

    private final List<Context> loops = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    public BackgroundWork(Vertx vertx) {
        VertxInternal internal = (VertxInternal) vertx;
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        for (EventExecutor loop : internal.nettyEventLoopGroup()) {
            loops.add(internal.createEventLoopContext((EventLoop) loop, null, classLoader));
        }
    }

    /**
     * Subscribes to {@code work} on a new duplicated context, as Hibernate Reactive requires, so it never
     * shares a session with its caller. Failures are logged; the work handles its own retries.
     */
    public void run(Supplier<Uni<Void>> work) {
        fresh().runOnContext(ignored ->
                work.get().subscribe().with(done -> {}, failure -> Log.errorf(failure, "background work failed")));
    }

    /**
     * The same, awaitable: {@code work} runs on a new duplicated context each time the returned Uni is
     * subscribed (a retry gets a clean session too). Lets one caller run several transactions at once.
     */
    public <T> Uni<T> isolated(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> fresh().runOnContext(
                        ignored -> work.get().subscribe().with(emitter::complete, emitter::fail)));
    }

    private Context fresh() {
        Context loop = loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
        Context context = VertxContext.createNewDuplicatedContext(loop);
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }
}
