package io.watchkeeper.evaluator.rule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.platform.labels.LabelMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An immutable copy of a rule, as the engine evaluates it (never a managed entity). */
public record RuleSpec(
        UUID id,
        String name,
        RuleType type,
        List<LabelMatcher> matchers,
        Condition condition,
        Severity severity,
        Priority priority,
        Duration pendingFor,
        Duration keepFiringFor,
        Duration cooldown,
        int maxAlertsPerDay,
        Map<String, String> labels,
        Map<String, String> annotations,
        boolean enabled) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static RuleSpec of(Rule r) {
        Condition condition;
        try {
            condition = Conditions.parse(r.type, JSON.readTree(r.condition));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rule " + r.id + " has an unreadable condition", e);
        }
        return new RuleSpec(
                r.id,
                r.name,
                r.type,
                List.copyOf(r.matchers),
                condition,
                r.severity,
                r.priority,
                Duration.ofSeconds(r.forSeconds),
                Duration.ofSeconds(r.keepFiringForSeconds),
                Duration.ofMinutes(r.cooldownMinutes),
                r.maxAlertsPerDay,
                Map.copyOf(r.labels),
                Map.copyOf(r.annotations),
                r.enabled);
    }

    /** Whether a series with these labels is in the rule's scope (the metric is checked by the caller). */
    public boolean inScope(Map<String, String> labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
