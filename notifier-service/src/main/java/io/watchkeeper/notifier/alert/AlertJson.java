package io.watchkeeper.notifier.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;

/**
 * An alert event as the notifier stores it (delivery.alert, alert_state.alert): the contract's JSON, written and read
 * with the codec's mapper. Read from text, it is parsed once, straight into the record.
 */
public final class AlertJson {

    private AlertJson() {}

    public static String write(AlertEvent alert) {
        try {
            return CloudEventCodec.instance().mapper().writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AlertEvent read(String json) {
        try {
            return CloudEventCodec.instance().mapper().readValue(json, AlertEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored alert event is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
