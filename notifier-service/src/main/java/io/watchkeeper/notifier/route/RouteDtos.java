package io.watchkeeper.notifier.route;

import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.labels.LabelSet;
import io.watchkeeper.platform.time.Durations;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class RouteDtos {

    private RouteDtos() {}

    /**
     * A route to create or replace. No parent: under the default route. No matchers: every alert that reaches it.
     * No channels, and each unset grouping or timing setting: the parent's. Durations as {@code 30s}, {@code 5m},
     * {@code 4h}. {@code tenant}: the owner (a tenant's token creates in its own tenant); a tenant's route gets the
     * matcher {@code tenant="<tenant>"}, hangs below the default route or its tenant's routes and sends to its
     * tenant's channels.
     */
    public record Write(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 63) String tenant,
            UUID parentId,
            Integer position,
            List<@Valid @NotNull LabelMatcher> matchers,
            List<@NotNull UUID> channelIds,
            Boolean continueMatching,
            List<
                            @NotNull
                            @Pattern(
                                    regexp = "\\.\\.\\.|[a-zA-Z_][a-zA-Z0-9_]*",
                                    message = "must be a label name or ...")
                            String>
                    groupBy,
            String groupWait,
            String groupInterval,
            String repeatInterval,
            @DecimalMin("1") @DecimalMax("10") BigDecimal repeatBackoff,
            String maxRepeatInterval) {}

    /** A route as stored, and what it does after inheritance ({@code effective}). */
    public record View(
            UUID id,
            String name,
            String tenant,
            UUID parentId,
            int position,
            List<LabelMatcher> matchers,
            List<UUID> channelIds,
            boolean continueMatching,
            List<String> groupBy,
            String groupWait,
            String groupInterval,
            String repeatInterval,
            BigDecimal repeatBackoff,
            String maxRepeatInterval,
            Effective effective,
            String createdBy,
            Instant createdAt) {

        static View of(Route r, RoutingTree tree) {
            return new View(
                    r.id,
                    r.name,
                    r.tenant,
                    r.parentId,
                    r.position,
                    r.matchers,
                    r.channelIds,
                    r.continueMatching,
                    r.groupBy,
                    millis(r.groupWaitMs),
                    millis(r.groupIntervalMs),
                    millis(r.repeatIntervalMs),
                    r.repeatBackoff,
                    millis(r.maxRepeatIntervalMs),
                    Effective.of(tree.effective(r.id)),
                    r.createdBy,
                    r.createdAt);
        }

        private static String millis(Long ms) {
            return ms == null ? null : Durations.format(Duration.ofMillis(ms));
        }
    }

    /** The channels and settings a route really uses; null for a route the tree cannot reach. */
    public record Effective(
            List<UUID> channelIds,
            List<String> groupBy,
            String groupWait,
            String groupInterval,
            String repeatInterval,
            BigDecimal repeatBackoff,
            String maxRepeatInterval) {

        static Effective of(RoutingTree.Match m) {
            if (m == null) {
                return null;
            }
            Grouping g = m.grouping();
            return new Effective(
                    m.channelIds(),
                    g.groupBy(),
                    Durations.format(g.groupWait()),
                    Durations.format(g.groupInterval()),
                    Durations.format(g.repeatInterval()),
                    g.repeatBackoff(),
                    g.maxRepeatInterval() == null ? null : Durations.format(g.maxRepeatInterval()));
        }
    }

    /** Which routes and channels an alert with these labels would take (like {@code amtool config routes test}). */
    public record TestRequest(@NotNull @LabelSet(max = 128) java.util.Map<String, String> labels) {}

    public record TestResult(List<Taken> routes) {}

    public record Taken(
            UUID routeId, String routeName, List<UUID> channelIds, java.util.Map<String, String> groupLabels) {}
}
