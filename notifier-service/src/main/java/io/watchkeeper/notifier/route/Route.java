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

/** Which channels get which alerts: matchers on the alert's labels, severity and type. */
@Entity
@Table(name = "route")
public class Route {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

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
            return column.isBlank() ? List.of()
                    : java.util.Arrays.stream(column.split(",")).map(UUID::fromString).toList();
        }
    }
}
