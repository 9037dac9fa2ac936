package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** Data of {@code wk.ingest.energy.v1}: one meter reading, idempotent on {@code readingId}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnergyReading(
        String readingId,
        String energyType,
        String deviceId,
        String deviceGroup,
        BigDecimal value,
        String unit,
        Map<String, String> labels,
        Instant readAt) {

    public EnergyReading {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
