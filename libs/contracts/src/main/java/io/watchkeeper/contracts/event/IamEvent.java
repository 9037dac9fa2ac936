package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Data of {@code wk.iam.v1}: something iam-service did to a cloud IAM user. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IamEvent(String userId, String account, String userName, Action action, String reason, String alertId) {

    public enum Action {
        @JsonProperty("created")
        CREATED,
        @JsonProperty("disabled")
        DISABLED,
        @JsonProperty("enabled")
        ENABLED,
        @JsonProperty("deleted")
        DELETED
    }
}
