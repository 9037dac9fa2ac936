package io.watchkeeper.notifier.mute;

import io.watchkeeper.platform.labels.LabelMatcher;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

public final class MuteDtos {

    private MuteDtos() {}

    /**
     * {@code startsAt} defaults to now; the creator comes from the token. {@code tenant}: the owner (a tenant's token
     * creates in its own tenant); a tenant's silence gets the matcher {@code tenant="<tenant>"}.
     */
    public record CreateSilence(
            @Size(max = 63) String tenant,
            @NotEmpty List<@Valid @NotNull LabelMatcher> matchers,
            Instant startsAt,
            @NotNull Instant endsAt,
            @NotBlank @Size(max = 1000) String comment) {}

    public record SilenceView(
            UUID id,
            String tenant,
            List<LabelMatcher> matchers,
            Instant startsAt,
            Instant endsAt,
            String state,
            String createdBy,
            String comment,
            Instant createdAt) {

        static SilenceView of(Silence s, Instant now) {
            return new SilenceView(
                    s.id,
                    s.tenant,
                    s.matchers,
                    s.startsAt,
                    s.endsAt,
                    s.state(now).name().toLowerCase(Locale.ROOT),
                    s.createdBy,
                    s.comment,
                    s.createdAt);
        }
    }

    /**
     * Alertmanager's inhibit rule: source matchers, target matchers, equal labels. A tenant's rule gets the matcher
     * {@code tenant="<tenant>"} on both sides: its tenant's alerts mute its tenant's alerts only.
     */
    public record CreateInhibitRule(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 63) String tenant,
            @NotEmpty List<@Valid @NotNull LabelMatcher> sourceMatchers,
            @NotEmpty List<@Valid @NotNull LabelMatcher> targetMatchers,
            List<@NotBlank String> equal) {}

    public record InhibitRuleView(
            UUID id,
            String name,
            String tenant,
            List<LabelMatcher> sourceMatchers,
            List<LabelMatcher> targetMatchers,
            List<String> equal,
            String createdBy,
            Instant createdAt) {

        static InhibitRuleView of(InhibitRule r) {
            return new InhibitRuleView(
                    r.id, r.name, r.tenant, r.sourceMatchers, r.targetMatchers, r.equal, r.createdBy, r.createdAt);
        }
    }
}
