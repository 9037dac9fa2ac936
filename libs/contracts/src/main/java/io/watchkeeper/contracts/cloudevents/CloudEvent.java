package io.watchkeeper.contracts.cloudevents;

import io.watchkeeper.contracts.EventType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 envelope around one of the contract records. {@code id} is the idempotency key
 * consumers deduplicate on.
 */
public record CloudEvent<T>(String id, String source, EventType type, Instant time, T data) {

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (!type.dataClass().isInstance(data)) {
            throw new IllegalArgumentException(
                    type.ceType() + " cannot carry " + data.getClass().getSimpleName());
        }
    }

    /** A new event with a fresh random id, stamped now. */
    public static <T> CloudEvent<T> of(String source, T data) {
        return of(UUID.randomUUID().toString(), source, data);
    }

    /** A new event with a caller-chosen id (a deterministic id makes a re-send a duplicate, not a new event). */
    public static <T> CloudEvent<T> of(String id, String source, T data) {
        return new CloudEvent<>(
                id,
                source,
                EventType.ofDataClass(data.getClass()),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                data);
    }
}
