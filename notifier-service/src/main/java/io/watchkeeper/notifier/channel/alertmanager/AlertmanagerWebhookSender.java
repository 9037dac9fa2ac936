package io.watchkeeper.notifier.channel.alertmanager;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.notifier.NotifierConfig;
import io.watchkeeper.notifier.channel.ChannelHttp;
import io.watchkeeper.notifier.channel.ChannelSender;
import io.watchkeeper.notifier.channel.Notification;
import io.watchkeeper.notifier.channel.SendResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prometheus Alertmanager's webhook, version 4 (EXTERNAL-APIS.md §10), so anything that consumes Alertmanager
 * webhooks works unchanged. Acknowledged alerts are still firing for it; an open alert's {@code endsAt} is
 * Go's zero time, as Alertmanager sends it.
 */
@ApplicationScoped
public class AlertmanagerWebhookSender implements ChannelSender {

    public static final String TYPE = "alertmanager_webhook";
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final ChannelHttp http;
    private final String externalUrl;

    public AlertmanagerWebhookSender(ChannelHttp http, NotifierConfig config) {
        this.http = http;
        this.externalUrl = config.externalUrl();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Uni<SendResult> send(Target target, Notification notification) {
        return http.post(target.url(), payload(notification, target.channelName(), externalUrl), ChannelHttp::byStatus);
    }

    /**
     * One message for the group: {@code firing} while any alert is, the group's labels, the labels and annotations
     * all its alerts share, and each alert.
     */
    static JsonObject payload(Notification notification, String receiver, String externalUrl) {
        JsonArray alerts = new JsonArray();
        Map<String, String> common = null;
        Map<String, Object> commonAnnotations = null;
        for (AlertEvent alert : notification.alerts()) {
            Map<String, Object> annotations = annotations(alert);
            alerts.add(new JsonObject()
                    .put("status", status(alert))
                    .put("labels", new JsonObject(new TreeMap<String, Object>(alert.labels())))
                    .put("annotations", new JsonObject(annotations))
                    .put("startsAt", alert.startsAt().toString())
                    .put(
                            "endsAt",
                            alert.endsAt() == null ? ZERO_TIME : alert.endsAt().toString())
                    .put("generatorURL", externalUrl + "/api/v1/alerts/" + alert.alertId())
                    .put("fingerprint", alert.fingerprint()));
            common = common == null ? new TreeMap<>(alert.labels()) : common;
            common.entrySet().retainAll(alert.labels().entrySet());
            commonAnnotations = commonAnnotations == null ? new TreeMap<>(annotations) : commonAnnotations;
            commonAnnotations.entrySet().retainAll(annotations.entrySet());
        }
        Map<String, String> groupLabels = notification.groupLabels().isEmpty()
                ? Map.of(
                        "alertname",
                        notification
                                .lead()
                                .labels()
                                .getOrDefault("alertname", notification.lead().ruleName()))
                : new TreeMap<>(notification.groupLabels());
        String groupKey = groupLabels.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{}:{", "}"));
        boolean firing = notification.alerts().stream().anyMatch(a -> "firing".equals(status(a)));
        return new JsonObject()
                .put("version", "4")
                .put("groupKey", groupKey)
                .put("truncatedAlerts", 0)
                .put("status", firing ? "firing" : "resolved")
                .put("receiver", receiver)
                .put("groupLabels", new JsonObject(new TreeMap<String, Object>(groupLabels)))
                .put("commonLabels", new JsonObject(new TreeMap<String, Object>(common)))
                .put("commonAnnotations", new JsonObject(commonAnnotations))
                .put("externalURL", externalUrl)
                .put("alerts", alerts);
    }

    private static String status(AlertEvent alert) {
        return alert.status() == AlertStatus.RESOLVED || alert.status() == AlertStatus.IGNORED ? "resolved" : "firing";
    }

    /** The alert's annotations plus its title and message as Alertmanager's conventional summary / description. */
    private static Map<String, Object> annotations(AlertEvent alert) {
        Map<String, Object> all = new TreeMap<>(alert.annotations());
        all.putIfAbsent("summary", alert.title());
        if (alert.message() != null) {
            all.putIfAbsent("description", alert.message());
        }
        return all;
    }
}
