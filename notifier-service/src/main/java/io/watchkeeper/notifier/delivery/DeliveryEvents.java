package io.watchkeeper.notifier.delivery;

import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.platform.outbox.Outbox;
import java.util.Locale;
import java.util.UUID;

/**
 * The events of {@code wk.deliveries.v1}, keyed by alert id (one alert's entries keep their order). One
 * {@code ce_id} scheme for messages and remediation runs alike: {@code <delivery or run id>.<status>.<attempt>},
 * stable per state, so a replay of the outbox is harmless.
 */
public final class DeliveryEvents {

    private static final String SOURCE = "notifier-service";

    private DeliveryEvents() {}

    /** A state of one message delivery ({@code entryId}: the delivery's id). */
    public static Outbox.Item of(
            UUID entryId, UUID alertId, UUID channelId, DeliveryEvent.Status status, int attempt, String error) {
        return item(
                entryId, alertId, new DeliveryEvent(alertId.toString(), channelId.toString(), status, attempt, error));
    }

    /** The outcome of one remediation run ({@code runId}), on the channel {@code action:<action id>}. */
    public static Outbox.Item ofRun(
            UUID runId, UUID alertId, DeliveryEvent.Status status, String error, DeliveryEvent.Action action) {
        return item(
                runId,
                alertId,
                new DeliveryEvent(alertId.toString(), "action:" + action.id(), status, 1, error, action));
    }

    private static Outbox.Item item(UUID entryId, UUID alertId, DeliveryEvent event) {
        String ceId = entryId + "." + event.status().name().toLowerCase(Locale.ROOT) + "." + event.attempt();
        return new Outbox.Item(Topics.DELIVERIES, alertId.toString(), CloudEvent.of(ceId, SOURCE, event));
    }
}
