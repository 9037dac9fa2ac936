package io.watchkeeper.evaluator.rule;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.labels.LabelSet;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public final class RuleDtos {

    private RuleDtos() {}

    /**
     * Create or replace a rule. {@code matchers} empty = global scope; {@code for} and {@code keepFiringFor}
     * are durations such as {@code 2m}; the shape of {@code condition} depends on {@code type}. {@code tenant}: the
     * owner (a tenant's token creates in its own tenant); a tenant's rule gets the matcher {@code tenant="<tenant>"}.
     */
    public record Request(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 63) String tenant,
            @Size(max = 2000) String description,
            @NotNull RuleType type,
            List<@Valid @NotNull LabelMatcher> matchers,
            @NotNull JsonNode condition,
            Severity severity,
            Priority priority,
            @JsonProperty("for") String pendingFor,
            String keepFiringFor,
            @Min(0) @Max(10080) Integer cooldownMinutes,
            @Min(1) @Max(10000) Integer maxAlertsPerDay,
            // an alert's labels are its series' (at most 64) and these, plus alertname and priority: at most 128
            @LabelSet(max = 32) Map<String, String> labels,
            @LabelSet(max = 32, valueLength = 4096) Map<String, String> annotations,
            Boolean enabled) {}

    public record View(
            UUID id,
            String name,
            String tenant,
            String description,
            RuleType type,
            List<LabelMatcher> matchers,
            JsonNode condition,
            Severity severity,
            Priority priority,
            @JsonProperty("for") String pendingFor,
            String keepFiringFor,
            int cooldownMinutes,
            int maxAlertsPerDay,
            Map<String, String> labels,
            Map<String, String> annotations,
            boolean enabled,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {}
}
