package io.watchkeeper.notifier.alert;

import io.watchkeeper.contracts.event.AlertEvent;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** What routes, silences and inhibit rules match on: the alert's labels plus {@code severity} and {@code type}. */
public final class AlertLabels {

    private AlertLabels() {}

    public static Map<String, String> of(AlertEvent alert) {
        Map<String, String> labels = new HashMap<>(alert.labels());
        labels.put("severity", alert.severity().name().toLowerCase(Locale.ROOT));
        labels.put("type", alert.type());
        return labels;
    }
}
