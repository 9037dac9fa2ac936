package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Data of the compacted {@code wk.quotas.v1}: the current definition of one quota. {@code timeZone} (IANA,
 * default UTC) is where a periodic quota's months and years begin — added after v1's first draft, optional.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuotaEvent(
        String quotaId,
        Subject subject,
        String metric,
        Map<String, String> labels,
        BigDecimal allocated,
        String unit,
        List<BigDecimal> thresholds,
        boolean autoDisable,
        boolean monitor,
        long epoch,
        String period,
        BigDecimal warningPct,
        BigDecimal alertPct,
        Boolean deleted,
        String timeZone) {

    public QuotaEvent {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    }

    public record Subject(String type, String id) {}
}
