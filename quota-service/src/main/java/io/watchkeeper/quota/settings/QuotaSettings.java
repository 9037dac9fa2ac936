package io.watchkeeper.quota.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a quota that sets no thresholds, monitor or autoDisable of its own follows: its tenant's settings, else the
 * platform's, else the built-in ones (50 / 80 / 90, monitored, not disabled). {@code source} says which applies.
 */
public record QuotaSettings(
        String tenant,
        List<BigDecimal> thresholds,
        boolean monitor,
        boolean autoDisable,
        Source source,
        String updatedBy,
        Instant updatedAt) {

    public enum Source {
        @JsonProperty("tenant")
        TENANT,
        @JsonProperty("platform")
        PLATFORM,
        @JsonProperty("built-in")
        BUILT_IN
    }

    public static final List<BigDecimal> DEFAULT_THRESHOLDS =
            List.of(new BigDecimal("50"), new BigDecimal("80"), new BigDecimal("90"));

    public static QuotaSettings builtIn(String tenant) {
        return new QuotaSettings(tenant, DEFAULT_THRESHOLDS, true, false, Source.BUILT_IN, null, null);
    }
}
