package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Data of {@code wk.deliveries.v1}: the outcome of sending one alert state to one channel. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryEvent(String alertId, String channel, Status status, int attempt, String error) {

    public enum Status {
        @JsonProperty("pending") PENDING,
        @JsonProperty("sent") SENT,
        @JsonProperty("failed") FAILED,
        @JsonProperty("skipped") SKIPPED
    }
}
