package io.watchkeeper.notifier.channel.wechat;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.channel.ChannelSettings;
import io.watchkeeper.notifier.channel.SendResult;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * WeChat Work group bot. The bot answers HTTP 200 even when it refuses a message, so success is
 * {@code errcode == 0} in the body, never the status alone.
 */
@ApplicationScoped
public class WeChatWorkSender {

    public static final String TYPE = "wechat_work";

    private final WebClient client;
    private final Duration timeout;

    public WeChatWorkSender(Vertx vertx, @ConfigProperty(name = "watchkeeper.notifier.send-timeout") Duration timeout) {
        this.client = WebClient.create(vertx);
        this.timeout = timeout;
    }

    public Uni<SendResult> send(String webhookUrl, ChannelSettings settings, AlertEvent alert) {
        JsonObject body = WeChatWorkMessages.text(alert, settings);
        return client.postAbs(webhookUrl).timeout(timeout.toMillis()).sendJsonObject(body)
                .map(response -> {
                    String text = response.bodyAsString();
                    if (response.statusCode() / 100 != 2) {
                        return SendResult.failed("HTTP " + response.statusCode(), text);
                    }
                    JsonObject json;
                    try {
                        json = response.bodyAsJsonObject();
                    } catch (RuntimeException e) {
                        return SendResult.failed("response is not JSON", text);
                    }
                    int errcode = json == null ? -1 : json.getInteger("errcode", -1);
                    return errcode == 0 ? SendResult.delivered(text)
                            : SendResult.failed("errcode " + errcode + ": " + (json == null ? "" : json.getString("errmsg", "")), text);
                })
                .onFailure().recoverWithItem(e -> SendResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), null));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
