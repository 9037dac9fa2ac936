package io.watchkeeper.notifier.channel.alertmanager;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.notifier.channel.ChannelHttp;
import io.watchkeeper.notifier.channel.ChannelSender;
import io.watchkeeper.notifier.channel.SendResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    public AlertmanagerWebhookSender(ChannelHttp http,
            @ConfigProperty(name = "watchkeeper.notifier.external-url") String externalUrl) {
        this.http = http;
        this.externalUrl = externalUrl;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Uni<SendResult> send(Target target, String deliveryId, AlertEvent alert) {
        return http.post(target.url(), payload(alert, target.channelName(), externalUrl), ChannelHttp::byStatus);
    }

    static JsonObject payload(AlertEvent alert, String receiver, String externalUrl) {
        String status = alert.status() == AlertStatus.RESOLVED || alert.status() == AlertStatus.IGNORED ? "resolved"
                : "firing";
        Map<String, String> labels = new TreeMap<>(alert.labels());
        JsonObject one = new JsonObject()
                .put("status", status)
                .put("labels", new JsonObject(Map.copyOf(labels)))
                .put("annotations", annotations(alert))
                .put("startsAt", alert.startsAt().toString())
                .put("endsAt", alert.endsAt() == null ? ZERO_TIME : alert.endsAt().toString())
                .put("generatorURL", externalUrl + "/api/v1/alerts/" + alert.alertId())
                .put("fingerprint", alert.fingerprint());
        String alertname = labels.getOrDefault("alertname", alert.ruleName());
        return new JsonObject()
                .put("version", "4")
                .put("groupKey", "{}:{alertname=\"" + alertname + "\"}")
                .put("truncatedAlerts", 0)
                .put("status", status)
                .put("receiver", receiver)
                .put("groupLabels", new JsonObject().put("alertname", alertname))
                .put("commonLabels", new JsonObject(Map.copyOf(labels)))
                .put("commonAnnotations", annotations(alert))
                .put("externalURL", externalUrl)
                .put("alerts", new JsonArray().add(one));
    }

    /** The alert's annotations plus its title and message as Alertmanager's conventional summary / description. */
    private static JsonObject annotations(AlertEvent alert) {
        Map<String, Object> all = new TreeMap<>(alert.annotations());
        all.putIfAbsent("summary", alert.title());
        if (alert.message() != null) {
            all.putIfAbsent("description", alert.message());
        }
        return new JsonObject(all.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
}
