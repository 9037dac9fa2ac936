package io.watchkeeper.evaluator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.evaluator.rule.Condition;
import io.watchkeeper.evaluator.rule.Conditions;
import io.watchkeeper.evaluator.rule.RuleType;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The sliding window's arithmetic, its bounds and what it keeps. */
class WindowTest {

    @Test
    void a_value_no_sum_survives_leaves_the_window_as_it_was() {
        Window window = new Window(60_000, false, false, false, true);
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

    @Test
    void a_window_for_the_last_value_keeps_one_slot_and_still_answers_last_and_its_expiry() throws Exception {
        Window window = new Window(60_000, false, false, true, true); // slots of 5 s
        window.add(1_000, new BigDecimal("5"), 1_000);
        window.add(22_000, new BigDecimal("9"), 22_000);
        assertThat(window.add(12_000, new BigDecimal("1"), 22_000)).isTrue(); // in the window, older than the last
        window.add(23_000, new BigDecimal("8"), 23_000);

        assertThat(window.stats(23_000).last).isEqualByComparingTo("8");
        assertThat(window.stats(23_000).count).isEqualTo(2); // the newest slot's: all a last needs
        assertThat(window.add(-40_000, new BigDecimal("3"), 23_000)).isFalse(); // older than the window: late
        assertThat(window.stats(23_000 + 60_000).last).isNull(); // silent for a window: no value

        io.netty.buffer.ByteBuf bytes = io.netty.buffer.Unpooled.buffer();
        try (var out = new io.netty.buffer.ByteBufOutputStream(bytes)) {
            window.write(out);
        }
        Window restored = new Window(60_000, false, false, true, true);
        restored.read(new io.netty.buffer.ByteBufInputStream(bytes));
        assertThat(restored.stats(23_000).last).isEqualByComparingTo("8");
    }

    @Test
    void a_window_for_sums_keeps_no_extremes_and_a_rule_that_needs_them_starts_a_new_one() throws Exception {
        Condition avg = Conditions.parse(
                RuleType.THRESHOLD,
                new ObjectMapper()
                        .readTree(
                                "{\"metric\":\"m\",\"aggregation\":\"avg\",\"window\":\"1m\",\"operator\":\">\",\"threshold\":1}"));
        Condition max = Conditions.parse(
                RuleType.THRESHOLD,
                new ObjectMapper()
                        .readTree(
                                "{\"metric\":\"m\",\"aggregation\":\"max\",\"window\":\"1m\",\"operator\":\">\",\"threshold\":1}"));
        Window window = Window.of(avg, 60_000);
        window.add(1_000, new BigDecimal("4"), 1_000);
        window.add(2_000, new BigDecimal("8"), 2_000);

        Window.Stats stats = window.stats(2_000);
        assertThat(stats.avg()).isEqualByComparingTo("6");
        assertThat(stats.max).isNull(); // not kept: an average does not read it
        assertThat(Window.sameShape(avg, max)).isFalse();
        assertThat(Window.sameShape(avg, avg)).isTrue();
    }
}
