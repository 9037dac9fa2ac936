package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Data of {@code wk.alerts.v1}: one state of one alert. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertEvent(
        UUID alertId,
        String fingerprint,
        String ruleId,
        String ruleName,
        String type,
        AlertStatus status,
        Severity severity,
        String title,
        String message,
        Map<String, String> labels,
        Map<String, String> annotations,
        BigDecimal value,
        BigDecimal threshold,
        Instant startsAt,
        Instant endsAt,
        String acknowledgedBy,
        QuotaRef quota) {

    public AlertEvent {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /**
     * The quota step an alert is about; {@code autoDisable} (optional, added) tells the IAM service to disable
     * the subject when the quota is exhausted.
     */
    public record QuotaRef(String quotaId, long epoch, BigDecimal stepPct, BigDecimal usedPct, Boolean autoDisable) {}
}
