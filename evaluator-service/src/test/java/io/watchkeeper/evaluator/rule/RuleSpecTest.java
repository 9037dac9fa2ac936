package io.watchkeeper.evaluator.rule;

import io.watchkeeper.platform.labels.LabelMatcher;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RuleSpecTest {

    private final Map<String, String> labels = Map.of("slug", "nightly-backup", "tenant", "acme");

    @Test
    void a_rule_selects_its_metric_with_all_matchers() {
        RuleSpec rule = new RuleSpec(UUID.randomUUID(), "backups", RuleType.ABSENCE, "heartbeat",
                List.of(new LabelMatcher("slug", "=~", "nightly-.*"), new LabelMatcher("tenant", "=", "acme")),
                Duration.ofMinutes(3), null, Map.of(), Map.of(), true);

        assertThat(rule.selects("heartbeat", labels)).isTrue();
        assertThat(rule.selects("provider_balance", labels)).isFalse();
        assertThat(rule.selects("heartbeat", Map.of("slug", "nightly-backup", "tenant", "other"))).isFalse();
    }
}
