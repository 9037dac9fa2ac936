package io.watchkeeper.evaluator.rule;

import io.watchkeeper.platform.time.Durations;
import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.contracts.event.Severity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public final class RuleDtos {

    private RuleDtos() {
    }

    /** Create or replace a rule. {@code grace} is a duration such as {@code 3m}. */
    public record Request(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,
            @NotNull RuleType type,
            @NotBlank @Pattern(regexp = "[a-zA-Z_:][a-zA-Z0-9_:]*", message = "must be a metric name such as heartbeat")
            String metric,
            List<@Valid @NotNull LabelMatcher> matchers,
            String grace,
            Severity severity,
            Map<String, String> labels,
            Map<String, String> annotations,
            Boolean enabled) {
    }

    public record View(UUID id, String name, String description, RuleType type, String metric,
            List<LabelMatcher> matchers, String grace, Severity severity, Map<String, String> labels,
            Map<String, String> annotations, boolean enabled, String createdBy, Instant createdAt,
            Instant updatedAt) {

        static View of(Rule r) {
            return new View(r.id, r.name, r.description, r.type, r.metric, r.matchers,
                    r.graceSeconds == null ? null : Durations.format(Duration.ofSeconds(r.graceSeconds)),
                    r.severity, r.labels, r.annotations, r.enabled, r.createdBy, r.createdAt, r.updatedAt);
        }
    }
}
