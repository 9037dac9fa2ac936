package io.watchkeeper.notifier.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RolloutRestartTest {

    @Test
    void the_restart_time_is_written_as_kubectl_writes_it_even_on_a_whole_minute() {
        assertThat(RolloutRestart.restartedAt(Instant.parse("2026-11-23T14:27:00.250Z")))
                .isEqualTo("2026-11-23T14:27:00Z");
        assertThat(RolloutRestart.restartedAt(Instant.parse("2026-11-23T14:27:09.999Z")))
                .isEqualTo("2026-11-23T14:27:09Z");
    }
}
