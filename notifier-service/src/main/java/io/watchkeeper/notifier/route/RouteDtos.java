package io.watchkeeper.notifier.route;

import io.watchkeeper.platform.labels.LabelMatcher;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class RouteDtos {

    private RouteDtos() {
    }

    /** No matchers: the route takes every alert. Matchers see the alert's labels plus severity and type. */
    public record Create(
            @NotBlank @Size(max = 100) String name,
            Integer position,
            List<@Valid @NotNull LabelMatcher> matchers,
            @NotEmpty List<@NotNull UUID> channelIds,
            Boolean continueMatching) {
    }

    public record View(UUID id, String name, int position, List<LabelMatcher> matchers, List<UUID> channelIds,
            boolean continueMatching, String createdBy, Instant createdAt) {

        static View of(Route r) {
            return new View(r.id, r.name, r.position, r.matchers, r.channelIds, r.continueMatching, r.createdBy,
                    r.createdAt);
        }
    }
}
