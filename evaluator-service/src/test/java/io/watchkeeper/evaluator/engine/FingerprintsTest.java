package io.watchkeeper.evaluator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.evaluator.alert.Fingerprints;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

    @Test
    void is_stable_whatever_the_label_order_and_differs_by_rule_and_labels() {
        UUID rule = UUID.fromString("7b0c7a53-8d9e-4a1f-b7de-7b1f0c7a5301");
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");

        assertThat(Fingerprints.of(rule, ab))
                .isEqualTo(Fingerprints.of(rule, ba))
                .hasSize(16);
        assertThat(Fingerprints.of(rule, ab)).isNotEqualTo(Fingerprints.of(UUID.randomUUID(), ab));
        assertThat(Fingerprints.of(rule, ab)).isNotEqualTo(Fingerprints.of(rule, Map.of("a", "1", "b", "3")));
        // label boundaries are unambiguous: {a="1b"} is not {a="1", b=""}
        assertThat(Fingerprints.of(rule, Map.of("a", "1b")))
                .isNotEqualTo(Fingerprints.of(rule, Map.of("a", "1", "b", "")));
    }
}
