package io.watchkeeper.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesPartitionerTest {

    @Test
    void every_metric_of_one_label_set_shares_a_partition_and_label_sets_spread() {
        assertThat(SeriesPartitioner.partition("usage_calls{app=\"chat\",tenant=\"acme\"}", 12))
                .isEqualTo(SeriesPartitioner.partition("usage_errors{app=\"chat\",tenant=\"acme\"}", 12));
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int p = SeriesPartitioner.partition("m{app=\"a" + i + "\"}", 12);
            assertThat(p).isBetween(0, 11);
            used.add(p);
        }
        assertThat(used).hasSize(12);
    }
}
