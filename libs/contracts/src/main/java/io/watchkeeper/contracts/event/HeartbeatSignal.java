package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/** Data of {@code wk.ingest.heartbeat.v1}: a check's ping produced straight to Kafka. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeartbeatSignal(
        String check, Signal signal, Integer exitCode, String tenant, Map<String, String> labels, Instant observedAt) {

    public HeartbeatSignal {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** healthchecks.io signals: success, start of a run, failure, or an exit code (0 = success). */
    public enum Signal {
        @JsonProperty("ping")
        PING,
        @JsonProperty("start")
        START,
        @JsonProperty("fail")
        FAIL,
        @JsonProperty("exit")
        EXIT
    }
}
