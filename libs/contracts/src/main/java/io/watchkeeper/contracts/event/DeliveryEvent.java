package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Data of {@code wk.deliveries.v1}: the outcome of sending one alert state to one channel. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryEvent(String alertId, String channel, Status status, int attempt, String error, Action action) {

    /** A message to a channel (channel = its id). */
    public DeliveryEvent(String alertId, String channel, Status status, int attempt, String error) {
        this(alertId, channel, status, attempt, error, null);
    }

    /**
     * Set when the entry is a remediation run, not a message: channel is {@code action:<action id>}; result is
     * done, refused, failed or cooldown (status sent, failed, skipped accordingly); trigger automatic or manual.
     */
    public record Action(String id, String name, String result, String trigger, String actor) {}

    public enum Status {
        @JsonProperty("pending")
        PENDING,
        @JsonProperty("sent")
        SENT,
        @JsonProperty("failed")
        FAILED,
        @JsonProperty("skipped")
        SKIPPED
    }
}
