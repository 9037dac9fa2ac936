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
import java.util.UUID;

/** Mutes the alerts its matchers select between {@code startsAt} and {@code endsAt} (Alertmanager's silence). */
@Entity
@Table(name = "silence")
public class Silence {

    public enum State {
        PENDING,
        ACTIVE,
        EXPIRED
    }

    @Id
    public UUID id;

    /** The owner (null: the platform's own); a tenant's one only ever concerns its own tenant's alerts. */
    public String tenant;

    @Convert(converter = LabelMatcher.ListConverter.class)
    @Column(nullable = false)
    public List<LabelMatcher> matchers;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(nullable = false)
    public String comment;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public State state(Instant now) {
        return now.isBefore(startsAt) ? State.PENDING : now.isBefore(endsAt) ? State.ACTIVE : State.EXPIRED;
    }

    public boolean mutes(Map<String, String> labels, Instant now) {
        return state(now) == State.ACTIVE && matchers.stream().allMatch(m -> m.matches(labels));
    }
}
