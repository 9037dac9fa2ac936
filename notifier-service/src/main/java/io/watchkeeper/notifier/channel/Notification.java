package io.watchkeeper.notifier.channel;

import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one message carries: one alert state, or several of one group that are due together. The id is stable
 * across retries of the same message (receivers may dedupe on it).
 */
public record Notification(String id, List<AlertEvent> alerts, Map<String, String> groupLabels) {

    public Notification {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a notification carries at least one alert");
        }
        alerts = List.copyOf(alerts);
        groupLabels = Map.copyOf(groupLabels);
    }

    public static Notification of(String id, AlertEvent alert) {
        return new Notification(id, List.of(alert), Map.of());
    }

    public boolean single() {
        return alerts.size() == 1;
    }

    /** The alert that sets the message's colour: the most severe still open, else the first. */
    public AlertEvent lead() {
        return alerts.stream()
                .filter(Notification::open)
                .max(Comparator.comparing(a -> a.severity().ordinal()))
                .orElse(alerts.get(0));
    }

    public long count(AlertStatus status) {
        return alerts.stream().filter(a -> a.status() == status).count();
    }

    private static boolean open(AlertEvent a) {
        return a.status() == AlertStatus.FIRING || a.status() == AlertStatus.ACKNOWLEDGED;
    }
}
