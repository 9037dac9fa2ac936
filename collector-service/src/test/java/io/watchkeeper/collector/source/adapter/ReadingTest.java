package io.watchkeeper.collector.source.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ReadingTest {

    @Test
    void a_provider_number_beyond_the_contract_is_a_bad_response_not_a_metric() {
        assertThatThrownBy(() -> Reading.balance(new BigDecimal("1e999999999"), "USD"))
                .isInstanceOfSatisfying(
                        PollFailure.class, f -> assertThat(f.kind()).isEqualTo(PollFailure.Kind.BAD_RESPONSE))
                .hasMessageContaining("provider_balance")
                .hasMessageContaining("number out of range");
        assertThat(Reading.balance(new BigDecimal("123456789012345678.25"), "USD")
                        .value())
                .isEqualByComparingTo("123456789012345678.25");
    }
}
