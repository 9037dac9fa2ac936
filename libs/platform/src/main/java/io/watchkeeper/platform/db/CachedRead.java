package io.watchkeeper.platform.db;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A read of rarely changing configuration (routes, silences, rules) that hot paths share instead of querying per
 * event: read at most once per {@code maxAge}, and again at once after {@link #invalidate()} — which this instance
 * calls after its own change commits, so another instance's change shows within {@code maxAge}.
 */
public final class CachedRead<T> {

    private final Supplier<Uni<T>> read;
    private final long maxAgeNanos;
    private volatile Uni<T> value;

    public CachedRead(Supplier<Uni<T>> read, Duration maxAge) {
        this.read = read;
        this.maxAgeNanos = maxAge.toNanos();
        invalidate();
    }

    public Uni<T> get() {
        return value;
    }

    public void invalidate() {
        value = new Reads().memoized();
    }

    /** The reads since one invalidation: concurrent callers share one; a failed read is not kept. */
    private final class Reads {
        private volatile long startedAt = System.nanoTime();
        private volatile boolean failed;

        Uni<T> memoized() {
            return Uni.createFrom()
                    .deferred(() -> {
                        startedAt = System.nanoTime();
                        return read.get().onItemOrFailure().invoke((item, failure) -> failed = failure != null);
                    })
                    .memoize()
                    .until(() -> failed || System.nanoTime() - startedAt > maxAgeNanos);
        }
    }
}
