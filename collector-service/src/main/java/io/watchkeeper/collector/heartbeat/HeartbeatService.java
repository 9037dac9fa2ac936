package io.watchkeeper.collector.heartbeat;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.CollectorConfig;
import io.watchkeeper.collector.metric.MetricPublisher;
import io.watchkeeper.collector.pingkey.PingKeyService.ResolvedKey;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Turns a heartbeat signal into its metric event and, for pinged checks, the check's record. */
@ApplicationScoped
public class HeartbeatService {

    private final MetricPublisher publisher;
    private final CheckRegistry checks;
    private final int maxBody;

    public HeartbeatService(MetricPublisher publisher, CheckRegistry checks, CollectorConfig config) {
        this.publisher = publisher;
        this.checks = checks;
        this.maxBody = config.heartbeat().maxBody();
    }

    /** A ping through the HTTP endpoint: published, then remembered for the check list. */
    public Uni<Void> record(ResolvedKey key, String slug, Signal signal, String body, Instant at) {
        return publisher
                .publish(metric(key.tenant(), slug, signal, at, Map.of()))
                .invoke(() -> checks.seen(key, slug, signal, truncate(body), at));
    }

    /** The metric event of a signal; {@code labels} are extra labels of an upstream producer. */
    public static MetricEvent metric(
            String tenant, String slug, Signal signal, Instant at, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put("slug", slug);
        if (tenant != null) {
            all.put("tenant", tenant);
        }
        return new MetricEvent(signal.metric(), MetricKind.HEARTBEAT, signal.value(), null, all, at);
    }

    private String truncate(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        return body.length() <= maxBody ? body : body.substring(0, maxBody) + "…(truncated)";
    }
}
