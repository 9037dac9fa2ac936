package io.watchkeeper.evaluator.rule;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How urgent a rule's alerts are to the people on call; copied to the alert as the label {@code priority}. */
public enum Priority {
    @JsonProperty("low")
    LOW,
    @JsonProperty("medium")
    MEDIUM,
    @JsonProperty("high")
    HIGH,
    @JsonProperty("critical")
    CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
