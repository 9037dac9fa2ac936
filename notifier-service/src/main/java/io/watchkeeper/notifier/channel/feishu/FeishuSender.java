package io.watchkeeper.notifier.channel.feishu;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.notifier.channel.AlertText;
import io.watchkeeper.notifier.channel.ChannelHttp;
import io.watchkeeper.notifier.channel.ChatBotSender;
import io.watchkeeper.notifier.channel.MessageTemplates;
import io.watchkeeper.notifier.channel.SendResult;
import io.watchkeeper.notifier.channel.Signatures;
import jakarta.inject.Singleton;

/**
 * Feishu / Lark custom bot (EXTERNAL-APIS.md §7): an interactive card whose header is coloured by severity
 * (green once resolved), @-mentions in lark_md, and — when the bot has a signing secret — {@code timestamp}
 * (seconds) and {@code sign} at the top of the body. Success is {@code code == 0}.
 */
@Singleton
public class FeishuSender extends ChatBotSender {

    public static final String TYPE = "feishu";
    /** A card body may be at most 20 KB; the text leaves room for the card around it. */
    static final int MAX_TEXT_BYTES = 16 * 1024;

    public FeishuSender(ChannelHttp http, MessageTemplates templates) {
        super(TYPE, http, templates);
    }

    @Override
    protected JsonObject body(AlertText.Words words, AlertEvent lead, Target target) {
        return message(words, lead, target, java.time.Instant.now().getEpochSecond());
    }

    @Override
    protected SendResult judge(HttpResponse<Buffer> response) {
        return ChannelHttp.byJsonCode(response, "code", "msg");
    }

    static JsonObject message(AlertText.Words words, AlertEvent alert, Target target, long timestampSeconds) {
        StringBuilder text = new StringBuilder(AlertText.truncate(AlertText.markdown(words), MAX_TEXT_BYTES));
        if (target.settings().mentionsAll()) {
            text.append("\n<at id=all></at>");
        }
        target.settings().mentionedUsers().stream()
                .filter(u -> !u.equals("all") && !u.equals("@all"))
                .forEach(u -> text.append(" <at id=").append(u).append("></at>"));
        JsonObject card = new JsonObject()
                .put("config", new JsonObject().put("wide_screen_mode", true))
                .put(
                        "header",
                        new JsonObject()
                                .put(
                                        "title",
                                        new JsonObject()
                                                .put("tag", "plain_text")
                                                .put("content", words.headline()))
                                .put("template", template(alert)))
                .put(
                        "elements",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("tag", "div")
                                        .put(
                                                "text",
                                                new JsonObject()
                                                        .put("tag", "lark_md")
                                                        .put("content", text.toString()))));
        JsonObject body = new JsonObject();
        if (target.secret() != null) {
            body.put("timestamp", Long.toString(timestampSeconds))
                    .put("sign", Signatures.feishu(timestampSeconds, target.secret()));
        }
        return body.put("msg_type", "interactive").put("card", card);
    }

    /** The card header colour: red critical, orange error, yellow warning, blue info, green resolved. */
    static String template(AlertEvent alert) {
        if (alert.status() == AlertStatus.RESOLVED) {
            return "green";
        }
        return switch (alert.severity()) {
            case CRITICAL -> "red";
            case ERROR -> "orange";
            case WARNING -> "yellow";
            case INFO -> "blue";
        };
    }
}
