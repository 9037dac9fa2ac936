package io.watchkeeper.collector.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.security.TenantScope;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a trade-monitor event into a metric event: who and what as labels (the series rules match), its words as
 * annotations — {@code message}, each {@code metadata} entry (text as it is, anything else as JSON) and
 * {@code event_id}, by which its sender learns which alert it joined.
 */
final class EventNotifications {

    static final String METRIC = "notify_event";
    static final String EVENT_ID = "event_id";
    static final String MESSAGE = "message";
    /** The contract's 32 annotations, less {@code message} and {@code event_id}. */
    static final int MAX_METADATA = 30;

    static final int MAX_KEY = 128;
    static final int MAX_VALUE = 4096;
    private static final int MAX_TITLE_LABEL = 200;

    private EventNotifications() {}

    /** @throws ProblemException 400 naming the entry when the metadata does not fit into annotations */
    static MetricEvent metric(CompatibleIntakeResource.Notification n, String eventId, TenantScope scope, Instant now) {
        Map<String, String> labels = new HashMap<>();
        labels.put("event_type", n.eventType());
        labels.put("service", n.serviceName());
        labels.put("severity", n.severity() == null ? "info" : n.severity().toLowerCase(Locale.ROOT));
        if (n.title() != null && !n.title().isBlank()) {
            labels.put(
                    "title",
                    n.title().length() <= MAX_TITLE_LABEL
                            ? n.title()
                            : n.title().substring(0, MAX_TITLE_LABEL));
        }
        return new MetricEvent(
                METRIC, MetricKind.EVENT, BigDecimal.ONE, null, scope.labelsOf(labels), now, annotations(n, eventId));
    }

    private static Map<String, String> annotations(CompatibleIntakeResource.Notification n, String eventId) {
        Map<String, String> annotations = new LinkedHashMap<>();
        Map<String, Object> metadata = n.metadata() == null ? Map.of() : n.metadata();
        if (metadata.size() > MAX_METADATA) {
            throw ProblemException.invalid("metadata", "at most " + MAX_METADATA + " entries");
        }
        metadata.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            String text = value instanceof String s ? s : json(value);
            if (key.length() > MAX_KEY || text.length() > MAX_VALUE) {
                throw ProblemException.invalid(
                        "metadata." + (key.length() > MAX_KEY ? key.substring(0, 32) + "…" : key),
                        "names of at most " + MAX_KEY + " and values of at most " + MAX_VALUE + " characters");
            }
            annotations.put(key, text);
        });
        if (n.message() != null && !n.message().isBlank()) {
            annotations.put(MESSAGE, n.message());
        }
        annotations.put(EVENT_ID, eventId);
        return annotations;
    }

    private static String json(Object value) {
        try {
            return CloudEventCodec.instance().mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("metadata", "not JSON");
        }
    }
}
