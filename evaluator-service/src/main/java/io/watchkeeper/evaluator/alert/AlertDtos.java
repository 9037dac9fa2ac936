package io.watchkeeper.evaluator.alert;

import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

public final class AlertDtos {

    private AlertDtos() {
    }

    public record Filter(AlertStatus status, Severity severity, String type, UUID ruleId) {
    }

    public record View(UUID id, String fingerprint, UUID ruleId, String ruleName, String type, AlertStatus status,
            Severity severity, String title, String message, Map<String, String> labels,
            Map<String, String> annotations, BigDecimal value, BigDecimal threshold, Instant startsAt,
            Instant endsAt, String acknowledgedBy, Instant acknowledgedAt, Instant updatedAt) {

        static View of(Alert a) {
            return new View(a.id, a.fingerprint, a.ruleId, a.ruleName, a.type, a.status, a.severity, a.title,
                    a.message, a.labels, a.annotations, a.value, a.threshold, a.startsAt, a.endsAt, a.acknowledgedBy,
                    a.acknowledgedAt, a.updatedAt);
        }
    }
}
