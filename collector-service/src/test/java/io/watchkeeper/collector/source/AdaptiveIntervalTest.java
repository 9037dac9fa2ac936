package io.watchkeeper.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.collector.source.adapter.Reading;
import io.watchkeeper.collector.source.poll.AdaptiveInterval;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveIntervalTest {

    private final AdaptiveInterval adaptive = new AdaptiveInterval(new BigDecimal("5"), 4, Duration.ofMinutes(1));
    private final Duration normal = Duration.ofMinutes(20);

    private static List<Reading> balance(String value) {
        return List.of(Reading.balance(new BigDecimal(value), "USD"));
    }

    @Test
    void a_balance_falling_fast_is_polled_more_often() {
        // 2 USD in 5 min → 8 USD per 20 min = 8 % of 98: poll 4× as often
        assertThat(adaptive.next(normal, balance("100"), Duration.ofMinutes(5), balance("98")))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void a_slow_fall_a_rise_or_no_history_keep_the_normal_interval() {
        assertThat(adaptive.next(normal, balance("100"), Duration.ofMinutes(20), balance("99")))
                .isEqualTo(normal);
        assertThat(adaptive.next(normal, balance("100"), Duration.ofMinutes(5), balance("150")))
                .isEqualTo(normal);
        assertThat(adaptive.next(normal, null, null, balance("10"))).isEqualTo(normal);
    }

    @Test
    void never_faster_than_the_minimum() {
        assertThat(adaptive.next(Duration.ofMinutes(2), balance("100"), Duration.ofSeconds(10), balance("50")))
                .isEqualTo(Duration.ofMinutes(1));
    }
}
