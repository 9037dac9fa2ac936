package io.watchkeeper.notifier.action;

import com.fasterxml.jackson.core.type.TypeReference;
import io.watchkeeper.platform.db.JsonText;
import io.watchkeeper.platform.labels.LabelMatcher;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A remediation: what to do for the alerts its matchers select, automatically when they fire or by hand. */
@Entity
@Table(name = "action")
public class Action {

    public static final String K8S_ROLLOUT_RESTART = "k8s_rollout_restart";
    public static final String HTTP = "http";

    /** What the action works on: a Kubernetes workload, or the request of an http action (its URL is secret). */
    public record Target(String namespace, String kind, String name, String method, String bodyTemplate) {

        /** The cooldown is per target: the same workload is not restarted twice within it, by any action. */
        String key(UUID actionId) {
            return namespace != null ? "k8s:" + namespace + "/" + kind + "/" + name : "http:" + actionId;
        }
    }

    @Id
    public UUID id;

    /** The owner (null: the platform's own); a tenant's one only ever concerns its own tenant's alerts. */
    public String tenant;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String type;

    @Convert(converter = LabelMatcher.ListConverter.class)
    @Column(nullable = false)
    public List<LabelMatcher> matchers;

    @Column(nullable = false)
    public boolean automatic;

    @Column(name = "cooldown_seconds", nullable = false)
    public int cooldownSeconds;

    @Convert(converter = TargetJson.class)
    @Column(nullable = false)
    public Target target;

    /** Sealed: an http action's URL. */
    @Column
    public String secret;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @jakarta.persistence.Converter
    public static class TargetJson extends JsonText<Target> {
        public TargetJson() {
            super(new TypeReference<>() {});
        }
    }
}
