package io.watchkeeper.notifier.route;

import java.util.Map;
import java.util.UUID;

/** One channel an alert goes to, through which route, in which group. */
public record Destination(
        UUID channelId, UUID routeId, String groupKey, Map<String, String> groupLabels, Grouping grouping) {}
