package io.watchkeeper.evaluator.alert;

import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.Severity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "alert")
public class Alert {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String fingerprint;

    @Column(name = "rule_id", nullable = false)
    public UUID ruleId;

    @Column(name = "rule_name", nullable = false)
    public String ruleName;

    @Column(nullable = false)
    public String type;

    @Convert(converter = WireEnums.StateConverter.class)
    @Column(nullable = false)
    public AlertState status;

    @Convert(converter = WireEnums.SeverityConverter.class)
    @Column(nullable = false)
    public Severity severity;

    @Column(nullable = false)
    public String title;

    public String message;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> labels;

    /** The tenant the alert belongs to: its series' {@code tenant} label (null: none). */
    public String tenant() {
        return labels == null ? null : labels.get(io.watchkeeper.platform.security.TenantScope.LABEL);
    }

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> annotations;

    public String priority;

    public BigDecimal value;

    public BigDecimal threshold;

    /** When the condition started to hold: with the fingerprint it names the episode (replays find it). */
    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at")
    public Instant endsAt;

    /** When it was last published as firing; cooldown and the daily cap count from it. */
    @Column(name = "fired_at")
    public Instant firedAt;

    @Column(name = "suppressed_until")
    public Instant suppressedUntil;

    @Column(name = "suppressed_reason")
    public String suppressedReason;

    /** The quota step a quota alert is about (JSON text). */
    @Convert(converter = QuotaRefText.class)
    public AlertEvent.QuotaRef quota;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    /** Grows with every published state; with the id it names each one ({@code ce_id}). */
    @Column(nullable = false)
    public int version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @jakarta.persistence.Converter
    public static class QuotaRefText extends io.watchkeeper.platform.db.JsonText<AlertEvent.QuotaRef> {
        public QuotaRefText() {
            super(new com.fasterxml.jackson.core.type.TypeReference<>() {});
        }
    }
}
