package io.watchkeeper.notifier.action;

import com.fasterxml.jackson.annotation.JsonValue;
import io.watchkeeper.contracts.event.DeliveryEvent;
import java.util.Locale;

/** What became of one run of an action; {@code running} until it is recorded. */
public enum RunResult {
    RUNNING(DeliveryEvent.Status.PENDING),
    DONE(DeliveryEvent.Status.SENT),
    REFUSED(DeliveryEvent.Status.SKIPPED),
    FAILED(DeliveryEvent.Status.FAILED),
    /** The target was acted on within the action's cooldown: nothing was done. */
    COOLDOWN(DeliveryEvent.Status.SKIPPED);

    /** How {@code wk.deliveries.v1} reports the run. */
    public final DeliveryEvent.Status status;

    RunResult(DeliveryEvent.Status status) {
        this.status = status;
    }

    /** The name in the database, the API and events. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunResult ofWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
