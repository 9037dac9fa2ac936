package io.watchkeeper.notifier.channel;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.watchkeeper.contracts.event.AlertEvent;

/**
 * What the chat bots (WeChat Work, Feishu, DingTalk) share: the message's words in the channel's language, a JSON
 * POST, and success read from the bot's code field. Subclasses are {@code @Singleton}: stateless, and a client
 * proxy would need a no-args constructor.
 */
public abstract class ChatBotSender implements ChannelSender {

    private final String type;
    private final ChannelHttp http;
    private final MessageTemplates templates;

    protected ChatBotSender(String type, ChannelHttp http, MessageTemplates templates) {
        this.type = type;
        this.http = http;
        this.templates = templates;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Uni<SendResult> send(Target target, Notification notification) {
        AlertText.Words words = templates.words(notification, target.settings().language());
        return http.post(url(target), body(words, notification.lead(), target), this::judge);
    }

    /** Where to post (DingTalk signs in the URL). */
    protected String url(Target target) {
        return target.url();
    }

    /** The bot's message; {@code lead} (the most severe open alert) picks colours. */
    protected abstract JsonObject body(AlertText.Words words, AlertEvent lead, Target target);

    /** The bot answers HTTP 200 even when it refuses; its code field says. */
    protected abstract SendResult judge(HttpResponse<Buffer> response);
}
