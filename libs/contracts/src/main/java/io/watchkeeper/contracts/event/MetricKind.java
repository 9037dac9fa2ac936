package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum MetricKind {
    @JsonProperty("balance")
    BALANCE,
    @JsonProperty("spend")
    SPEND,
    @JsonProperty("energy")
    ENERGY,
    @JsonProperty("heartbeat")
    HEARTBEAT,
    @JsonProperty("usage")
    USAGE,
    @JsonProperty("event")
    EVENT
}
