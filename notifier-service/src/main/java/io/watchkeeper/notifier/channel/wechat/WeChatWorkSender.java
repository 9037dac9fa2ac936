package io.watchkeeper.notifier.channel.wechat;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.channel.AlertText;
import io.watchkeeper.notifier.channel.ChannelHttp;
import io.watchkeeper.notifier.channel.ChatBotSender;
import io.watchkeeper.notifier.channel.MessageTemplates;
import io.watchkeeper.notifier.channel.SendResult;
import jakarta.inject.Singleton;

/**
 * WeChat Work group bot. The bot answers HTTP 200 even when it refuses a message, so success is
 * {@code errcode == 0} in the body, never the status alone.
 */
@Singleton
public class WeChatWorkSender extends ChatBotSender {

    public static final String TYPE = "wechat_work";

    public WeChatWorkSender(ChannelHttp http, MessageTemplates templates) {
        super(TYPE, http, templates);
    }

    @Override
    protected JsonObject body(AlertText.Words words, AlertEvent lead, Target target) {
        return WeChatWorkMessages.of(words, lead, target.settings());
    }

    @Override
    protected SendResult judge(HttpResponse<Buffer> response) {
        return ChannelHttp.byJsonCode(response, "errcode", "errmsg");
    }
}
