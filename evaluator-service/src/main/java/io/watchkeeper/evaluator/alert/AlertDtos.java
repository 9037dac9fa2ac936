package io.watchkeeper.evaluator.alert;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public final class AlertDtos {

    private AlertDtos() {}

    /** {@code labels}: each {@code name=value} must be among the alert's labels. */
    public record Filter(
            AlertState status,
            Severity severity,
            String type,
            UUID ruleId,
            String tenant,
            Map<String, String> labels,
            Instant from,
            Instant to) {}

    public record View(
            UUID id,
            String fingerprint,
            UUID ruleId,
            String ruleName,
            String type,
            AlertState status,
            Severity severity,
            String priority,
            String title,
            String message,
            Map<String, String> labels,
            Map<String, String> annotations,
            BigDecimal value,
            BigDecimal threshold,
            Instant startsAt,
            Instant firedAt,
            Instant endsAt,
            String acknowledgedBy,
            Instant acknowledgedAt,
            Instant suppressedUntil,
            String suppressedReason,
            AlertEvent.QuotaRef quota,
            Instant updatedAt) {

        static View of(Alert a) {
            return new View(
                    a.id,
                    a.fingerprint,
                    a.ruleId,
                    a.ruleName,
                    a.type,
                    a.status,
                    a.severity,
                    a.priority,
                    a.title,
                    a.message,
                    a.labels,
                    a.annotations,
                    a.value,
                    a.threshold,
                    a.startsAt,
                    a.firedAt,
                    a.endsAt,
                    a.acknowledgedBy,
                    a.acknowledgedAt,
                    a.suppressedUntil,
                    a.suppressedReason,
                    a.quota,
                    a.updatedAt);
        }
    }

    public record Transition(Instant at, AlertState from, AlertState to, String actor, String note) {
        static Transition of(AlertTransition t) {
            return new Transition(t.at, t.from, t.to, t.actor, t.note);
        }
    }

    /**
     * A remediation run the notifier reported: which action, its result (done, refused, failed, cooldown), trigger
     * (automatic, manual), who, why it did not succeed, when.
     */
    public record ActionTaken(
            String actionId, String name, String result, String trigger, String actor, String detail, Instant at) {}

    /** An alert with every change it went through and every action taken on it, oldest first. */
    public record Detail(@JsonUnwrapped View alert, List<Transition> history, List<ActionTaken> actionsTaken) {}
}
