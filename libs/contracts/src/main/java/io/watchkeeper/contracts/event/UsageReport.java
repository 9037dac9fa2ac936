package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Data of {@code wk.ingest.usage.v1}: an application's usage over a short interval (the platform SDK
 * stats): calls, errors, tokens, cost and mean latency per tenant and app.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageReport(
        String tenant,
        String app,
        long calls,
        long errors,
        Long tokens,
        BigDecimal cost,
        String currency,
        BigDecimal latencyMs,
        Map<String, String> labels,
        Instant observedAt) {

    public UsageReport {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
