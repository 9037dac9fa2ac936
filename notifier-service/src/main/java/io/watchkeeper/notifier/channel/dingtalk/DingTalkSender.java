package io.watchkeeper.notifier.channel.dingtalk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.channel.AlertText;
import io.watchkeeper.notifier.channel.ChannelHttp;
import io.watchkeeper.notifier.channel.ChatBotSender;
import io.watchkeeper.notifier.channel.MessageTemplates;
import io.watchkeeper.notifier.channel.SendResult;
import io.watchkeeper.notifier.channel.Signatures;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * DingTalk custom robot (EXTERNAL-APIS.md §8): markdown with {@code at.atMobiles} (the mobiles must also appear
 * in the text for DingTalk to mention them) and, when the robot has a signing secret, {@code timestamp}
 * (milliseconds) and {@code sign} in the URL. Success is {@code errcode == 0}.
 */
@Singleton
public class DingTalkSender extends ChatBotSender {

    public static final String TYPE = "dingtalk";
    static final int MAX_TEXT_BYTES = 16 * 1024;

    public DingTalkSender(ChannelHttp http, MessageTemplates templates) {
        super(TYPE, http, templates);
    }

    @Override
    protected String url(Target target) {
        return url(target, System.currentTimeMillis());
    }

    @Override
    protected JsonObject body(AlertText.Words words, AlertEvent lead, Target target) {
        return message(words, target);
    }

    @Override
    protected SendResult judge(HttpResponse<Buffer> response) {
        return ChannelHttp.byJsonCode(response, "errcode", "errmsg");
    }

    static String url(Target target, long timestampMillis) {
        if (target.secret() == null) {
            return target.url();
        }
        return target.url() + (target.url().contains("?") ? "&" : "?") + "timestamp=" + timestampMillis + "&sign="
                + Signatures.dingTalk(timestampMillis, target.secret());
    }

    static JsonObject message(AlertText.Words words, Target target) {
        List<String> mobiles = target.settings().mentionedMobiles().stream()
                .filter(m -> !m.equals("@all"))
                .toList();
        StringBuilder text = new StringBuilder(AlertText.truncate(AlertText.markdown(words), MAX_TEXT_BYTES));
        if (!mobiles.isEmpty()) {
            text.append("\n\n");
            mobiles.forEach(m -> text.append('@').append(m).append(' '));
        }
        return new JsonObject()
                .put("msgtype", "markdown")
                .put(
                        "markdown",
                        new JsonObject()
                                .put("title", words.headline())
                                .put("text", text.toString().trim()))
                .put(
                        "at",
                        new JsonObject()
                                .put("atMobiles", new JsonArray(mobiles))
                                .put("isAtAll", target.settings().mentionsAll()));
    }
}
