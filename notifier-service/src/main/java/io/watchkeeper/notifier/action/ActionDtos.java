package io.watchkeeper.notifier.action;

import io.watchkeeper.platform.labels.LabelMatcher;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class ActionDtos {

    private ActionDtos() {}

    /**
     * {@code k8s_rollout_restart}: {@code target.namespace}, {@code target.name}, {@code target.kind} (deployment,
     * statefulset, daemonset). {@code http}: {@code url} (secret), {@code target.method}, {@code target.bodyTemplate}
     * (Qute, JSON-escaped values). {@code tenant}: the owner (a tenant's token creates in its own tenant); a tenant's
     * action gets the matcher {@code tenant="<tenant>"} and restarts workloads in its tenant's namespaces only.
     */
    public record Create(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 63) String tenant,
            @NotBlank String type,
            @NotEmpty List<@Valid @NotNull LabelMatcher> matchers,
            Boolean automatic,
            @Min(0) @Max(10080) Integer cooldownMinutes,
            @Valid @NotNull TargetSpec target,
            @Size(max = 2000) String url) {}

    public record TargetSpec(
            @Size(max = 253) String namespace,
            @Pattern(
                            regexp = "deployment|statefulset|daemonset",
                            message = "must be deployment, statefulset or daemonset")
                    String kind,
            @Size(max = 253) String name,
            @Pattern(regexp = "POST|PUT", message = "must be POST or PUT") String method,
            @Size(max = 4000) String bodyTemplate) {}

    public record View(
            UUID id,
            String name,
            String tenant,
            String type,
            List<LabelMatcher> matchers,
            boolean automatic,
            int cooldownMinutes,
            Action.Target target,
            String createdBy,
            Instant createdAt) {

        static View of(Action a) {
            return new View(
                    a.id,
                    a.name,
                    a.tenant,
                    a.type,
                    a.matchers,
                    a.automatic,
                    a.cooldownSeconds / 60,
                    a.target,
                    a.createdBy,
                    a.createdAt);
        }
    }

    /** One execution: {@code result} running, done, refused, failed or cooldown. */
    public record RunView(
            UUID id,
            UUID actionId,
            String actionName,
            UUID alertId,
            String trigger,
            String actor,
            RunResult result,
            String detail,
            Instant at) {}
}
