package io.watchkeeper.notifier.route;

import io.watchkeeper.platform.labels.LabelMatcher;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A node of the routing tree: which alerts it takes (matchers on the alert's labels, severity and type), which
 * channels get them and how they are grouped and repeated. NULL settings and empty channels inherit the parent's.
 */
@Entity
@Table(name = "route")
public class Route {

    @Id
    public UUID id;

    /** The owner (null: the platform's own); a tenant's one only ever concerns its own tenant's alerts. */
    public String tenant;

    @Column(nullable = false)
    public String name;

    /** Null only for the root, the default route. */
    @Column(name = "parent_id")
    public UUID parentId;

    /** Evaluation order, lowest first. */
    @Column(nullable = false)
    public int position;

    @Convert(converter = LabelMatcher.ListConverter.class)
    @Column(nullable = false)
    public List<LabelMatcher> matchers;

    @Convert(converter = ChannelIds.class)
    @Column(name = "channel_ids", nullable = false)
    public List<UUID> channelIds;

    /** Alertmanager's {@code continue}: keep matching later routes after this one matched. */
    @Column(name = "continue_matching", nullable = false)
    public boolean continueMatching;

    /** Label names; {@code ...} groups by all labels (each alert alone). */
    @Convert(converter = GroupBy.class)
    @Column(name = "group_by")
    public List<String> groupBy;

    @Column(name = "group_wait_ms")
    public Long groupWaitMs;

    @Column(name = "group_interval_ms")
    public Long groupIntervalMs;

    @Column(name = "repeat_interval_ms")
    public Long repeatIntervalMs;

    /** Each repeat waits this many times longer than the one before (1 = a fixed interval). */
    @Column(name = "repeat_backoff")
    public java.math.BigDecimal repeatBackoff;

    @Column(name = "max_repeat_interval_ms")
    public Long maxRepeatIntervalMs;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Comma-separated ids in a text column. */
    @jakarta.persistence.Converter
    public static class ChannelIds implements jakarta.persistence.AttributeConverter<List<UUID>, String> {
        @Override
        public String convertToDatabaseColumn(List<UUID> ids) {
            return String.join(",", ids.stream().map(UUID::toString).toList());
        }

        @Override
        public List<UUID> convertToEntityAttribute(String column) {
            return column.isBlank()
                    ? List.of()
                    : java.util.Arrays.stream(column.split(","))
                            .map(UUID::fromString)
                            .toList();
        }
    }

    /** Label names, comma-separated (label names cannot hold a comma). */
    @jakarta.persistence.Converter
    public static class GroupBy implements jakarta.persistence.AttributeConverter<List<String>, String> {
        @Override
        public String convertToDatabaseColumn(List<String> names) {
            return names == null ? null : String.join(",", names);
        }

        @Override
        public List<String> convertToEntityAttribute(String column) {
            return column == null ? null : column.isBlank() ? List.of() : List.of(column.split(","));
        }
    }
}
