package io.watchkeeper.contracts;

import java.util.List;
import java.util.Set;

/**
 * Kafka topic names of ARCHITECTURE.md. A service reaches a topic through a channel named in its
 * application.properties ({@code mp.messaging.incoming.<channel>.topic}); each channel name is a constant of the
 * class that consumes or produces it ({@code CHANNEL}, or {@code <NAME>_IN} where one class has several).
 */
public final class Topics {

    public static final String METRICS = "wk.metrics.v1";
    public static final String INGEST_USAGE = "wk.ingest.usage.v1";
    public static final String INGEST_ENERGY = "wk.ingest.energy.v1";
    public static final String INGEST_HEARTBEAT = "wk.ingest.heartbeat.v1";
    public static final String QUOTAS = "wk.quotas.v1";
    public static final String QUOTA_USAGE = "wk.quota-usage.v1";
    public static final String ALERTS = "wk.alerts.v1";
    public static final String IAM = "wk.iam.v1";
    public static final String DELIVERIES = "wk.deliveries.v1";
    /** Compacted, keyed by API key id; a tombstone revokes. */
    public static final String API_KEYS = "wk.api-keys.v1";

    /** Every topic of the contracts; each has a dead-letter topic too (deploy/helm declares them all). */
    public static final List<String> ALL = List.of(
            METRICS,
            INGEST_USAGE,
            INGEST_ENERGY,
            INGEST_HEARTBEAT,
            QUOTAS,
            QUOTA_USAGE,
            ALERTS,
            IAM,
            DELIVERIES,
            API_KEYS);

    /** The topics whose latest record per key is the state: {@code cleanup.policy=compact}. */
    public static final Set<String> COMPACTED = Set.of(QUOTAS, QUOTA_USAGE, API_KEYS);

    /** Every topic's dead-letter topic is the topic name plus {@code .dlq}. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    private Topics() {}
}
