package io.watchkeeper.notifier.route;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A route's effective grouping and timing, after inheritance (Alertmanager's group_by, group_wait, group_interval,
 * repeat_interval), plus a repeat backoff: repeat n waits {@code repeatInterval × repeatBackoff^(n-1)}, at most
 * {@code maxRepeatInterval}.
 */
public record Grouping(
        List<String> groupBy,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        BigDecimal repeatBackoff,
        Duration maxRepeatInterval) {

    /** Group by every label: each alert is a group of its own. */
    public static final String ALL = "...";

    /** The default route's settings until an admin changes them: no grouping, no waiting, a repeat every 4 hours. */
    public static final Grouping DEFAULT =
            new Grouping(List.of(ALL), Duration.ZERO, Duration.ZERO, Duration.ofHours(4), BigDecimal.ONE, null);

    /** The labels that name the alert's group (all of them for {@code ...}; a missing label counts as empty). */
    public Map<String, String> groupLabels(Map<String, String> labels) {
        if (groupBy.contains(ALL)) {
            return new TreeMap<>(labels);
        }
        Map<String, String> group = new TreeMap<>();
        groupBy.forEach(name -> group.put(name, labels.getOrDefault(name, "")));
        return group;
    }

    /** The group's key within its route: the group labels, or the alert's fingerprint when grouping by all. */
    public String groupKey(Map<String, String> groupLabels, String fingerprint) {
        if (groupBy.contains(ALL)) {
            return "{fingerprint=\"" + fingerprint + "\"}";
        }
        return groupLabels.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue().replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** How long repeat {@code n} (1, 2, …) waits after the message before it. */
    public Duration repeatWait(int n) {
        double factor = Math.pow(repeatBackoff.doubleValue(), Math.max(0, n - 1));
        double millis = repeatInterval.toMillis() * factor;
        long cap = maxRepeatInterval == null ? Long.MAX_VALUE / 2 : maxRepeatInterval.toMillis();
        return Duration.ofMillis((long) Math.min(millis, cap));
    }

    /** The child's settings: its own where set, the parent's otherwise. */
    Grouping inherit(Route child) {
        return new Grouping(
                child.groupBy != null ? child.groupBy : groupBy,
                child.groupWaitMs != null ? Duration.ofMillis(child.groupWaitMs) : groupWait,
                child.groupIntervalMs != null ? Duration.ofMillis(child.groupIntervalMs) : groupInterval,
                child.repeatIntervalMs != null ? Duration.ofMillis(child.repeatIntervalMs) : repeatInterval,
                child.repeatBackoff != null ? child.repeatBackoff : repeatBackoff,
                child.maxRepeatIntervalMs != null ? Duration.ofMillis(child.maxRepeatIntervalMs) : maxRepeatInterval);
    }
}
