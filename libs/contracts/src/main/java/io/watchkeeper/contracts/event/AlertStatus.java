package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum AlertStatus {
    @JsonProperty("firing") FIRING,
    @JsonProperty("acknowledged") ACKNOWLEDGED,
    @JsonProperty("resolved") RESOLVED,
    @JsonProperty("ignored") IGNORED;

    /** Firing and acknowledged alerts are open: at most one per fingerprint. */
    public boolean isOpen() {
        return this == FIRING || this == ACKNOWLEDGED;
    }
}
