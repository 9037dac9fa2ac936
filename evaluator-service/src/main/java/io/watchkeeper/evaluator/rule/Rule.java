package io.watchkeeper.evaluator.rule;

import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.contracts.event.Severity;
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

    public String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RuleType type;

    @Column(nullable = false)
    public String metric;

    /** JSON text: Hibernate Reactive maps JSON columns through objects, and this is an array. */
    @Convert(converter = LabelMatcher.ListConverter.class)
    @Column(nullable = false)
    public List<LabelMatcher> matchers;

    @Column(name = "grace_seconds")
    public Long graceSeconds;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Severity severity;

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
