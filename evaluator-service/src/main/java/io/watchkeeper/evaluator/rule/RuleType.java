package io.watchkeeper.evaluator.rule;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Rule types the engine evaluates; each has its own {@link Condition}. */
public enum RuleType {
    /** An aggregation of one metric over a sliding window compared with a threshold. */
    @JsonProperty("threshold")
    THRESHOLD,
    /** Sum of one metric over sum of another in the same series labels (error rate = errors / calls). */
    @JsonProperty("ratio")
    RATIO,
    /** A percentile of a metric's values over a window (latency p99). */
    @JsonProperty("percentile")
    PERCENTILE,
    /** No matching event within a grace period (heartbeats; a collector that stops polling). */
    @JsonProperty("absence")
    ABSENCE,
    /** At the recent burn rate the balance runs out within a horizon. */
    @JsonProperty("forecast")
    FORECAST,
    /** A subscription renews within N days. */
    @JsonProperty("renewal")
    RENEWAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
