package io.watchkeeper.platform.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void reads_prometheus_and_iso_durations() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("PT3M")).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void refuses_garbage_and_zero() {
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("required");
        assertThatThrownBy(() -> Durations.parse("PTxM")).hasMessageContaining("not a duration");
    }

    @Test
    void formats_the_shortest_way() {
        assertThat(Durations.format(Duration.ofSeconds(180))).isEqualTo("3m");
        assertThat(Durations.format(Duration.ofSeconds(5430))).isEqualTo("1h30m30s");
    }
}
