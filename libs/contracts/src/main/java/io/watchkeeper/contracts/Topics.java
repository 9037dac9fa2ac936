package io.watchkeeper.contracts;

/**
 * Kafka topic names of ARCHITECTURE.md. Services use them as channel names too, so a topic is
 * found by one name everywhere.
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

    /** Every topic's dead-letter topic is the topic name plus {@code .dlq}. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    private Topics() {
    }
}
