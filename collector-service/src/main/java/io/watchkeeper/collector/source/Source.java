package io.watchkeeper.collector.source;

import io.watchkeeper.collector.source.adapter.Reading;
import io.watchkeeper.platform.db.JsonText;
import io.watchkeeper.platform.db.StringMapJson;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Something the collector polls: a provider account with its sealed credential, and its poll state. */
@Entity
@Table(name = "source")
public class Source {

    @Id
    public UUID id;

    /** Unique within the tenant. */
    @Column(nullable = false)
    public String name;

    /** The owner (null: the platform's own); the {@code tenant} label of its metrics says the same. */
    public String tenant;

    @Column(nullable = false)
    public String provider;

    /** Null: the vendor's default. */
    @Column(name = "base_url")
    public String baseUrl;

    @Column(nullable = false)
    public String credential;

    @Column(name = "credential_hint", nullable = false)
    public String credentialHint;

    @Column(name = "poll_interval_ms", nullable = false)
    public long pollIntervalMs;

    @Convert(converter = StringMapJson.class)
    @Column(nullable = false)
    public Map<String, String> labels;

    @Convert(converter = DecimalMap.class)
    @Column(nullable = false)
    public Map<String, BigDecimal> thresholds;

    @Convert(converter = StringMapJson.class)
    @Column(nullable = false)
    public Map<String, String> settings;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "next_poll_at", nullable = false)
    public Instant nextPollAt;

    @Column(name = "last_polled_at")
    public Instant lastPolledAt;

    @Column(name = "last_success_at")
    public Instant lastSuccessAt;

    @Convert(converter = Readings.class)
    @Column(name = "last_readings")
    public List<Reading> lastReadings;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "last_error_at")
    public Instant lastErrorAt;

    @Column(name = "consecutive_failures", nullable = false)
    public int consecutiveFailures;

    @Column(name = "last_refresh_at")
    public Instant lastRefreshAt;

    @jakarta.persistence.Converter
    public static class DecimalMap extends JsonText<Map<String, BigDecimal>> {
        public DecimalMap() {
            super(new com.fasterxml.jackson.core.type.TypeReference<>() {});
        }
    }

    @jakarta.persistence.Converter
    public static class Readings extends JsonText<List<Reading>> {
        public Readings() {
            super(new com.fasterxml.jackson.core.type.TypeReference<>() {});
        }
    }
}
