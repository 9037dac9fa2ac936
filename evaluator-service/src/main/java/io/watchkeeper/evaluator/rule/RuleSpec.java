package io.watchkeeper.evaluator.rule;

import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.contracts.event.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An immutable copy of a rule, as the engine evaluates it (never a managed entity). */
public record RuleSpec(UUID id, String name, RuleType type, String metric, List<LabelMatcher> matchers, Duration grace,
        Severity severity, Map<String, String> labels, Map<String, String> annotations, boolean enabled) {

    public static RuleSpec of(Rule r) {
        return new RuleSpec(r.id, r.name, r.type, r.metric, List.copyOf(r.matchers),
                r.graceSeconds == null ? null : Duration.ofSeconds(r.graceSeconds), r.severity,
                Map.copyOf(r.labels), Map.copyOf(r.annotations), r.enabled);
    }

    /** Whether an event of {@code metric} with {@code labels} belongs to this rule. */
    public boolean selects(String metric, Map<String, String> labels) {
        if (!this.metric.equals(metric)) {
            return false;
        }
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
