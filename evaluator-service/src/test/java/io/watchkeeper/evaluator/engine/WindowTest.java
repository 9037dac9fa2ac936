package io.watchkeeper.evaluator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class WindowTest {

    @Test
    void a_value_no_sum_survives_leaves_the_window_as_it_was() {
        Window window = new Window(60_000, false, false);
        window.add(1_000, new BigDecimal("5"), 2_000);

        assertThatThrownBy(() -> window.add(1_500, new BigDecimal("1e999999999"), 2_000))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> window.add(30_000, new BigDecimal("1e999999999"), 31_000))
                .isInstanceOf(ArithmeticException.class);

        Window.Stats stats = window.stats(31_000);
        assertThat(stats.count).isEqualTo(1);
        assertThat(stats.sum).isEqualByComparingTo("5");
        assertThat(stats.last).isEqualByComparingTo("5");
        window.add(31_000, new BigDecimal("7"), 31_000);
        assertThat(window.stats(31_000).sum).isEqualByComparingTo("12");
    }
}
