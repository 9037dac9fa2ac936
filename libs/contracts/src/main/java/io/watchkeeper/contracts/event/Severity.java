package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum Severity {
    @JsonProperty("info")
    INFO,
    @JsonProperty("warning")
    WARNING,
    @JsonProperty("error")
    ERROR,
    @JsonProperty("critical")
    CRITICAL
}
