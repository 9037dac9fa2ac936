package io.watchkeeper.contracts;

import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.ApiKeyEvent;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.contracts.event.HeartbeatSignal;
import io.watchkeeper.contracts.event.IamEvent;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.contracts.event.UsageReport;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every CloudEvents {@code type} we know, with the record and JSON Schema of its data. */
public enum EventType {
    METRIC("io.watchkeeper.metric.v1", MetricEvent.class, "metric.v1.json"),
    USAGE("io.watchkeeper.usage.v1", UsageReport.class, "usage.v1.json"),
    ENERGY("io.watchkeeper.energy.v1", EnergyReading.class, "energy.v1.json"),
    HEARTBEAT("io.watchkeeper.heartbeat.v1", HeartbeatSignal.class, "heartbeat.v1.json"),
    QUOTA("io.watchkeeper.quota.v1", QuotaEvent.class, "quota.v1.json"),
    QUOTA_USAGE("io.watchkeeper.quota-usage.v1", QuotaUsageEvent.class, "quota-usage.v1.json"),
    ALERT("io.watchkeeper.alert.v1", AlertEvent.class, "alert.v1.json"),
    IAM("io.watchkeeper.iam.v1", IamEvent.class, "iam.v1.json"),
    DELIVERY("io.watchkeeper.delivery.v1", DeliveryEvent.class, "delivery.v1.json"),
    API_KEY("io.watchkeeper.api-key.v1", ApiKeyEvent.class, "api-key.v1.json");

    private final String ceType;
    private final Class<?> dataClass;
    private final String schema;

    EventType(String ceType, Class<?> dataClass, String schema) {
        this.ceType = ceType;
        this.dataClass = dataClass;
        this.schema = schema;
    }

    public String ceType() {
        return ceType;
    }

    public Class<?> dataClass() {
        return dataClass;
    }

    /** Classpath location of the JSON Schema of the data. */
    public String schemaResource() {
        return "schemas/" + schema;
    }

    // looked up for every event sent or read: maps built once, not a stream over values() each time
    private static final Map<String, EventType> BY_CE_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.ceType, t -> t));
    private static final Map<Class<?>, EventType> BY_DATA_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.dataClass, t -> t));

    public static Optional<EventType> ofCeType(String ceType) {
        return Optional.ofNullable(ceType == null ? null : BY_CE_TYPE.get(ceType));
    }

    public static EventType ofDataClass(Class<?> dataClass) {
        EventType type = BY_DATA_CLASS.get(dataClass);
        if (type == null) {
            throw new IllegalArgumentException("not an event data type: " + dataClass);
        }
        return type;
    }
}
