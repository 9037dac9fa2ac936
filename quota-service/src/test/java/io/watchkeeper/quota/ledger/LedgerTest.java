package io.watchkeeper.quota.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.platform.problem.ProblemException;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private static final Instant T = Instant.parse("2026-12-05T08:00:00Z");

    private static Ledger.Entry next(String allocated, long epoch, String consumed, String amount) {
        return Ledger.next(
                "q-1",
                new BigDecimal(allocated),
                epoch,
                new BigDecimal(consumed),
                new BigDecimal(amount),
                "alice",
                "note",
                null,
                T);
    }

    @Test
    void an_allocation_adds_keeps_the_scale_and_opens_the_next_epoch() {
        Ledger.Entry e = next("100.50", 3, "0", "0.25");

        assertThat(e.totalAfter()).isEqualTo(new BigDecimal("100.75"));
        assertThat(e.totalAfter().scale()).isEqualTo(2);
        assertThat(e.epoch()).isEqualTo(4);
        assertThat(e.operator()).isEqualTo("alice");
    }

    @Test
    void a_deduction_may_go_down_to_exactly_what_is_consumed() {
        assertThat(next("100", 1, "60.00", "-40").totalAfter()).isEqualByComparingTo("60");
    }

    @Test
    void a_deduction_below_what_is_consumed_is_refused_naming_both_amounts() {
        assertThatThrownBy(() -> next("100", 1, "60.01", "-40"))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(409);
                    assertThat(p.errors()).extracting(e -> e.field()).containsExactly("amount");
                })
                .hasMessageContaining("deducting 40")
                .hasMessageContaining("60.01 already consumed")
                .hasMessageContaining("at most 39.99 can be deducted");
    }

    @Test
    void a_deduction_is_refused_even_when_usage_already_overran_the_allocation() {
        // 120 consumed of 100: any deduction would widen the overrun
        assertThatThrownBy(() -> next("100", 1, "120", "-1")).hasMessageContaining("at most 0 can be deducted");
        assertThat(next("100", 1, "120", "50").totalAfter()).isEqualByComparingTo("150");
    }

    @Test
    void zero_is_not_an_allocation() {
        assertThatThrownBy(() -> next("100", 1, "0", "0.000"))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.status()).isEqualTo(400))
                .hasMessageContaining("amount");
    }

    @Test
    void the_opening_entry_is_epoch_one() {
        Ledger.Entry e = Ledger.Entry.opening("q-1", new BigDecimal("100"), "alice", T);

        assertThat(e.epoch()).isEqualTo(1);
        assertThat(e.totalAfter()).isEqualByComparingTo("100");
        assertThat(e.note()).isEqualTo("initial allocation");
    }
}
