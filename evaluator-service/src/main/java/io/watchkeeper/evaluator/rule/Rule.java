package io.watchkeeper.evaluator.rule;

import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.platform.labels.LabelMatcher;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "rule")
public class Rule {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** The owner (null: the platform's own); a tenant's rule matches only metrics labelled with its tenant. */
    public String tenant;

    public String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RuleType type;

    /** JSON text: Hibernate Reactive maps JSON columns through objects, and this is an array. */
    @Convert(converter = LabelMatcher.ListConverter.class)
    @Column(nullable = false)
    public List<LabelMatcher> matchers;

    /** The condition as accepted (JSON text), parsed again by {@link Conditions} when loaded. */
    @Column(nullable = false)
    public String condition;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Severity severity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Priority priority;

    @Column(name = "for_seconds", nullable = false)
    public long forSeconds;

    @Column(name = "keep_firing_for_seconds", nullable = false)
    public long keepFiringForSeconds;

    @Column(name = "cooldown_minutes", nullable = false)
    public int cooldownMinutes;

    @Column(name = "max_alerts_per_day", nullable = false)
    public int maxAlertsPerDay;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> labels;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> annotations;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
