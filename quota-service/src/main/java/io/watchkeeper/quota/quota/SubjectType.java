package io.watchkeeper.quota.quota;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a quota limits. */
public enum SubjectType {
    @JsonProperty("cloud_subaccount")
    CLOUD_SUBACCOUNT("cloud_subaccount"),
    @JsonProperty("tenant")
    TENANT("tenant"),
    @JsonProperty("app")
    APP("app"),
    @JsonProperty("energy_target")
    ENERGY_TARGET("energy_target");

    private final String wire;

    SubjectType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static SubjectType ofWire(String wire) {
        for (SubjectType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown subject type " + wire);
    }
}
