package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum AlertStatus {
    @JsonProperty("firing")
    FIRING("告警"),
    @JsonProperty("acknowledged")
    ACKNOWLEDGED("已确认"),
    @JsonProperty("resolved")
    RESOLVED("已恢复"),
    @JsonProperty("ignored")
    IGNORED("已忽略");

    private final String chinese;

    AlertStatus(String chinese) {
        this.chinese = chinese;
    }

    /** The status in Chinese, as chat messages and the console word it (in English: its name). */
    public String chinese() {
        return chinese;
    }

    /** Firing and acknowledged alerts are open: at most one per fingerprint. */
    public boolean isOpen() {
        return this == FIRING || this == ACKNOWLEDGED;
    }
}
