package io.watchkeeper.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void readsOnceWhileFreshAndAgainAfterAnInvalidation() {
        CachedRead<Integer> cached = new CachedRead<>(this::read, Duration.ofHours(1));
        assertThat(reads).hasValue(0); // nothing is read before someone asks
        assertThat(cached.get().await().indefinitely()).isEqualTo(1);
        assertThat(cached.get().await().indefinitely()).isEqualTo(1);
        cached.invalidate();
        assertThat(cached.get().await().indefinitely()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void readsAgainOnceTheValueIsOlderThanItsMaximumAge() {
        CachedRead<Integer> cached = new CachedRead<>(this::read, Duration.ZERO);
        assertThat(cached.get().await().indefinitely()).isEqualTo(1);
        assertThat(cached.get().await().indefinitely()).isEqualTo(2);
    }

    @Test
    void aFailedReadIsNotKept() {
        CachedRead<Integer> cached = new CachedRead<>(this::read, Duration.ofHours(1));
        down.set(true);
        assertThatThrownBy(() -> cached.get().await().indefinitely()).hasMessage("database down");
        down.set(false);
        assertThat(cached.get().await().indefinitely()).isEqualTo(1);
        assertThat(cached.get().await().indefinitely()).isEqualTo(1);
    }
}
