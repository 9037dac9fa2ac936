package io.watchkeeper.collector.source;

import io.watchkeeper.collector.source.adapter.Reading;
import io.watchkeeper.platform.labels.LabelSet;
import io.watchkeeper.platform.time.Durations;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public final class SourceDtos {

    private SourceDtos() {}

    /**
     * Create or replace a source. {@code credential} is a secret: stored sealed, never returned (only
     * {@code credentialHint}); on replace it may be left out to keep the current one. {@code tenant} (or the
     * {@code tenant} label): the owner; a tenant's token creates in its own tenant, whatever is sent.
     */
    public record Request(
            @NotBlank
                    @Size(max = 100)
                    @Pattern(regexp = "[a-z0-9][a-z0-9._-]*", message = "must be lower-case letters, digits, . _ -")
                    String name,
            @Size(max = 63) String tenant,
            @NotBlank String provider,
            @Size(max = 2000) String baseUrl,
            @Size(max = 4000) String credential,
            String pollInterval,
            @LabelSet(max = 32)
                    Map<
                                    @Pattern(regexp = "[a-zA-Z_][a-zA-Z0-9_]*", message = "must be a label name")
                                    String,
                                    @NotBlank String>
                            labels,
            Map<String, BigDecimal> thresholds,
            Map<String, String> settings,
            Boolean enabled) {}

    public record View(
            UUID id,
            String name,
            String tenant,
            String provider,
            String baseUrl,
            String credentialHint,
            String pollInterval,
            Map<String, String> labels,
            Map<String, BigDecimal> thresholds,
            Map<String, String> settings,
            boolean enabled,
            BigDecimal lastValue,
            String currency,
            List<Reading> lastReadings,
            Instant lastPolledAt,
            Instant lastSuccessAt,
            String lastError,
            Instant lastErrorAt,
            int consecutiveFailures,
            Instant nextPollAt,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {

        static View of(Source s, String effectiveBaseUrl) {
            Reading first = s.lastReadings == null || s.lastReadings.isEmpty() ? null : s.lastReadings.get(0);
            return new View(
                    s.id,
                    s.name,
                    s.tenant,
                    s.provider,
                    effectiveBaseUrl,
                    s.credentialHint,
                    Durations.format(Duration.ofMillis(s.pollIntervalMs)),
                    s.labels,
                    s.thresholds,
                    s.settings,
                    s.enabled,
                    first == null ? null : first.value(),
                    first == null ? null : first.currency(),
                    s.lastReadings,
                    s.lastPolledAt,
                    s.lastSuccessAt,
                    s.lastError,
                    s.lastErrorAt,
                    s.consecutiveFailures,
                    s.nextPollAt,
                    s.createdBy,
                    s.createdAt,
                    s.updatedAt);
        }
    }
}
