package io.watchkeeper.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class CachedReadTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();

    private Uni<Integer> read() {
        return Uni.createFrom().item(() -> {
            if (down.get()) {
                throw new IllegalStateException("database down");
            }
            return reads.incrementAndGet();
        });
    }

    /** What one caller gets (the read completes at once here). */
    private static <T> UniAssertSubscriber<T> ask(CachedRead<T> cached) {
        return cached.get().subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void readsOnceWhileFreshAndAgainAfterAnInvalidation() {
        CachedRead<Integer> cached = new CachedRead<>(this::read, Duration.ofHours(1));
        assertThat(reads).hasValue(0); // nothing is read before someone asks
        ask(cached).assertItem(1);
        ask(cached).assertItem(1);
        cached.invalidate();
        ask(cached).assertItem(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void readsAgainOnceTheValueIsOlderThanItsMaximumAge() {
        CachedRead<Integer> cached = new CachedRead<>(this::read, Duration.ofMillis(1));
        ask(cached).assertItem(1);
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos()); // the value ages past its maximum
        ask(cached).assertItem(2);
    }

    @Test
    void aFailedReadIsNotKept() {
        CachedRead<Integer> cached = new CachedRead<>(this::read, Duration.ofHours(1));
        down.set(true);
        ask(cached).assertFailedWith(IllegalStateException.class, "database down");
        down.set(false);
        ask(cached).assertItem(1);
        ask(cached).assertItem(1);
    }
}
