package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Data of the compacted {@code wk.quota-usage.v1}: what the evaluator has counted against one quota in one period
 * ({@code all} for a prepaid quota, {@code 2026-12} or {@code 2026} for a periodic one), as of {@code observedAt}.
 * The evaluator is the one place that counts consumption; quota-service keeps the latest of each period.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuotaUsageEvent(
        String quotaId,
        long epoch,
        String period,
        BigDecimal consumed,
        BigDecimal allocated,
        BigDecimal usedPct,
        Status status,
        Instant observedAt) {

    /**
     * Prepaid: normal, warning (a step reached), exhausted (100 %). Periodic: normal, warning (warning %),
     * exceeded (alert %).
     */
    public enum Status {
        @JsonProperty("normal")
        NORMAL,
        @JsonProperty("warning")
        WARNING,
        @JsonProperty("exceeded")
        EXCEEDED,
        @JsonProperty("exhausted")
        EXHAUSTED
    }
}
