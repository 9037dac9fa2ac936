package io.watchkeeper.evaluator.alert;

import io.watchkeeper.contracts.event.AlertStatus;
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

    @Convert(converter = WireEnums.StatusConverter.class)
    @Column(nullable = false)
    public AlertStatus status;

    @Convert(converter = WireEnums.SeverityConverter.class)
    @Column(nullable = false)
    public Severity severity;

    @Column(nullable = false)
    public String title;

    public String message;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> labels;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> annotations;

    public BigDecimal value;

    public BigDecimal threshold;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at")
    public Instant endsAt;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    /** Grows with every transition; with the id it names each published state. */
    @Column(nullable = false)
    public int version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
