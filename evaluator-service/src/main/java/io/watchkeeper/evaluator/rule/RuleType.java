package io.watchkeeper.evaluator.rule;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Rule types the engine evaluates. More arrive with the rules engine (windows, forecast, quota steps). */
public enum RuleType {
    /** No matching event within a grace period (heartbeats; a collector that stops polling). */
    @JsonProperty("absence") ABSENCE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
