package io.watchkeeper.notifier.channel.sms;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.MultiMap;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.alert.SampleAlert;
import io.watchkeeper.notifier.channel.AlertText;
import io.watchkeeper.notifier.channel.ChannelDtos;
import io.watchkeeper.notifier.channel.ChannelHttp;
import io.watchkeeper.notifier.channel.ChannelSender;
import io.watchkeeper.notifier.channel.ChannelSettings;
import io.watchkeeper.notifier.channel.MessageTemplates;
import io.watchkeeper.notifier.channel.Notification;
import io.watchkeeper.notifier.channel.RequestBodies;
import io.watchkeeper.notifier.channel.SendResult;
import io.watchkeeper.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * A generic HTTP SMS gateway: one request per phone to the channel's URL, with its method, headers (secret) and a
 * body rendered from the channel's Qute template. The template sees {@code to}, {@code text} (the headline in the
 * channel's language — for a group, its alerts counted by status — at most {@value #MAX_TEXT} characters) and {@link RequestBodies#values} of
 * the lead alert, each escaped for the content type. For GET the rendered body is the query string. Delivered when
 * every phone's request got a 2xx; a retry sends to all again.
 */
@ApplicationScoped
public class SmsSender implements ChannelSender {

    public static final String TYPE = "sms";
    static final int MAX_TEXT = 140;

    private final ChannelHttp http;
    private final RequestBodies bodies;
    private final MessageTemplates templates;

    public SmsSender(ChannelHttp http, RequestBodies bodies, MessageTemplates templates) {
        this.http = http;
        this.bodies = bodies;
        this.templates = templates;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(ChannelDtos.Create request) {
        ChannelDtos.Sms sms = request.sms();
        if (sms == null || sms.phones() == null || sms.phones().isEmpty()) {
            throw ProblemException.invalid("sms.phones", "give at least one phone number");
        }
        if (sms.bodyTemplate() == null || sms.bodyTemplate().isBlank()) {
            throw ProblemException.invalid(
                    "sms.bodyTemplate", "give the request body, e.g. {\"to\":\"{to}\",\"text\":\"{text}\"}");
        }
        AlertEvent sample = SampleAlert.firing();
        try {
            render(sms.settings(), "+8613800001111", AlertText.headline(sample), sample);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("sms.bodyTemplate", "cannot be rendered: " + e.getMessage());
        }
    }

    @Override
    public Uni<SendResult> send(Target target, Notification notification) {
        ChannelSettings.Sms sms = target.settings().sms();
        String text = templates.headline(notification, target.settings().language());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(target.headers());
        headers.set("Content-Type", sms.contentType() + "; charset=utf-8");
        return Multi.createFrom()
                .iterable(sms.phones())
                .onItem()
                .transformToUniAndConcatenate(
                        phone -> request(target.url(), sms, headers, render(sms, phone, text, notification.lead())))
                .collect()
                .asList()
                .map(results -> results.stream()
                        .filter(r -> !r.delivered())
                        .findFirst()
                        .orElse(SendResult.delivered(results.size() + " message(s) accepted: "
                                + String.join(
                                        " | ",
                                        results.stream()
                                                .map(SendResult::response)
                                                .toList()))));
    }

    private Uni<SendResult> request(String url, ChannelSettings.Sms sms, MultiMap headers, String body) {
        if ("GET".equals(sms.method())) {
            return http.send(
                    HttpMethod.GET, url + (url.contains("?") ? "&" : "?") + body, headers, null, ChannelHttp::byStatus);
        }
        return http.send(HttpMethod.valueOf(sms.method()), url, headers, body, ChannelHttp::byStatus);
    }

    /** The body for one phone: {@code text} is the message's headline; the other values are the lead alert's. */
    String render(ChannelSettings.Sms sms, String phone, String text, AlertEvent lead) {
        Map<String, String> values = RequestBodies.values(lead);
        values.put("to", phone);
        values.put("text", text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…");
        return bodies.render(sms.bodyTemplate(), sms.contentType(), values);
    }
}
