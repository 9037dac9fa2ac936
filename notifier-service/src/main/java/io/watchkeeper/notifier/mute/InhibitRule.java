package io.watchkeeper.notifier.mute;

import io.watchkeeper.platform.labels.LabelMatcher;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * While an alert matching {@code sourceMatchers} fires, alerts matching {@code targetMatchers} that have the same
 * values for every label in {@code equal} are muted (Alertmanager's inhibit_rules; a missing label equals a
 * missing label, as there).
 */
@Entity
@Table(name = "inhibit_rule")
public class InhibitRule {

    @Id
    public UUID id;

    /** The owner (null: the platform's own); a tenant's one only ever concerns its own tenant's alerts. */
    public String tenant;

    @Column(nullable = false)
    public String name;

    @Convert(converter = LabelMatcher.ListConverter.class)
    @Column(name = "source_matchers", nullable = false)
    public List<LabelMatcher> sourceMatchers;

    @Convert(converter = LabelMatcher.ListConverter.class)
    @Column(name = "target_matchers", nullable = false)
    public List<LabelMatcher> targetMatchers;

    @Convert(converter = Labels.class)
    @Column(name = "equal_labels", nullable = false)
    public List<String> equal;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public boolean targets(Map<String, String> labels) {
        return targetMatchers.stream().allMatch(m -> m.matches(labels));
    }

    public boolean inhibitedBy(Map<String, String> target, Map<String, String> source) {
        return sourceMatchers.stream().allMatch(m -> m.matches(source))
                && equal.stream().allMatch(l -> Objects.equals(target.get(l), source.get(l)));
    }

    /** A list of label names as JSON text. */
    @jakarta.persistence.Converter
    public static class Labels extends io.watchkeeper.platform.db.JsonText<List<String>> {
        public Labels() {
            super(new com.fasterxml.jackson.core.type.TypeReference<>() {});
        }
    }
}
