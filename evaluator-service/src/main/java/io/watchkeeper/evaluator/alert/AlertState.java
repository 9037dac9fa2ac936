package io.watchkeeper.evaluator.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.watchkeeper.contracts.event.AlertStatus;
import java.util.Locale;

/**
 * Every state an alert row can be in. Pending (inside {@code for}) and suppressed (inside the cooldown or
 * beyond the daily cap) are kept and listed, but never published: only the contract's states go to Kafka.
 */
public enum AlertState {
    @JsonProperty("pending")
    PENDING(null),
    @JsonProperty("firing")
    FIRING(AlertStatus.FIRING),
    @JsonProperty("acknowledged")
    ACKNOWLEDGED(AlertStatus.ACKNOWLEDGED),
    @JsonProperty("resolved")
    RESOLVED(AlertStatus.RESOLVED),
    @JsonProperty("ignored")
    IGNORED(AlertStatus.IGNORED),
    @JsonProperty("suppressed")
    SUPPRESSED(null);

    private final AlertStatus wire;

    AlertState(AlertStatus wire) {
        this.wire = wire;
    }

    /** The status on {@code wk.alerts.v1}; null for states that are not published. */
    public AlertStatus wire() {
        return wire;
    }

    /** Firing or acknowledged: a notification went out and the alert is not closed. */
    public boolean isNotified() {
        return this == FIRING || this == ACKNOWLEDGED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertState parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
