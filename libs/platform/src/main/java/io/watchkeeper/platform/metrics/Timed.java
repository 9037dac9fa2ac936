package io.watchkeeper.platform.metrics;

import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Times reactive work: from subscription until it ends (item, failure or cancellation). */
public final class Timed {

    private Timed() {}

    public static <T> Uni<T> timed(Timer timer, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return work.get()
                    .onTermination()
                    .invoke(() -> timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        });
    }
}
