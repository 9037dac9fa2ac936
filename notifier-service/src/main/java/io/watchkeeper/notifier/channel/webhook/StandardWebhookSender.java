package io.watchkeeper.notifier.channel.webhook;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.MultiMap;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.channel.ChannelDtos;
import io.watchkeeper.notifier.channel.ChannelHttp;
import io.watchkeeper.notifier.channel.ChannelSender;
import io.watchkeeper.notifier.channel.Notification;
import io.watchkeeper.notifier.channel.SendResult;
import io.watchkeeper.notifier.channel.Signatures;
import io.watchkeeper.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * Our generic outgoing webhook, signed as Standard Webhooks v1 (EXTERNAL-APIS.md §9): {@code webhook-id} (the
 * delivery's id, the same on every retry, so receivers dedupe), {@code webhook-timestamp},
 * {@code webhook-signature}. The body is {@code {"type": "alert.<status>", "timestamp", "data": <the alert
 * event>}}. 2xx delivered; 410 disables the channel; 429/502/503/504 wait as Retry-After says.
 */
@ApplicationScoped
public class StandardWebhookSender implements ChannelSender {

    public static final String TYPE = "webhook";

    private final ChannelHttp http;

    public StandardWebhookSender(ChannelHttp http) {
        this.http = http;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean requiresSecret() {
        return true;
    }

    @Override
    public void validate(ChannelDtos.Create request) {
        try {
            Signatures.standardWebhookKey(request.secret());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(
                    "secret",
                    "must be whsec_ followed by a base64 key of at least 16 bytes "
                            + "(e.g. whsec_$(head -c 32 /dev/urandom | base64))");
        }
    }

    /** Receivers are programs: each alert state is its own message, with its own id to dedupe on. */
    @Override
    public boolean groupsAlerts() {
        return false;
    }

    @Override
    public Uni<SendResult> send(Target target, Notification notification) {
        Instant now = Instant.now();
        String body = body(notification.alerts().get(0), now);
        String id = "msg_" + notification.id();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("webhook-id", id)
                .add("webhook-timestamp", Long.toString(now.getEpochSecond()))
                .add("webhook-signature", Signatures.standardWebhook(target.secret(), id, now.getEpochSecond(), body));
        return http.post(target.url(), headers, body, ChannelHttp::byStatus);
    }

    static String body(AlertEvent alert, Instant now) {
        Object data = CloudEventCodec.instance().mapper().convertValue(alert, Map.class);
        return new JsonObject()
                .put("type", "alert." + alert.status().name().toLowerCase(java.util.Locale.ROOT))
                .put("timestamp", now.toString())
                .put("data", data)
                .encode();
    }
}
