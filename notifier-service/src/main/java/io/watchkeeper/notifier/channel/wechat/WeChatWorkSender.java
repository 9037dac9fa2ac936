package io.watchkeeper.notifier.channel.wechat;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.channel.ChannelHttp;
import io.watchkeeper.notifier.channel.ChannelSender;
import io.watchkeeper.notifier.channel.MessageTemplates;
import io.watchkeeper.notifier.channel.SendResult;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * WeChat Work group bot. The bot answers HTTP 200 even when it refuses a message, so success is
 * {@code errcode == 0} in the body, never the status alone.
 */
@ApplicationScoped
public class WeChatWorkSender implements ChannelSender {

    public static final String TYPE = "wechat_work";

    private final ChannelHttp http;
    private final MessageTemplates templates;

    public WeChatWorkSender(ChannelHttp http, MessageTemplates templates) {
        this.http = http;
        this.templates = templates;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Uni<SendResult> send(Target target, String deliveryId, AlertEvent alert) {
        return http.post(target.url(), WeChatWorkMessages.of(templates.words(alert, target.settings().language()), alert,
                        target.settings()),
                response -> ChannelHttp.byJsonCode(response, "errcode", "errmsg"));
    }
}
