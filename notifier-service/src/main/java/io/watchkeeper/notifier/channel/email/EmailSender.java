package io.watchkeeper.notifier.channel.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.notifier.channel.ChannelDtos;
import io.watchkeeper.notifier.channel.ChannelSender;
import io.watchkeeper.notifier.channel.MessageTemplates;
import io.watchkeeper.notifier.channel.Notification;
import io.watchkeeper.notifier.channel.SendResult;
import io.watchkeeper.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.TreeMap;

/**
 * Email through the configured SMTP server (Quarkus mailer): the headline as subject (a group's counts its alerts
 * by status), and for each alert a section in an HTML part and a
 * plain-text part from Qute templates ({@code templates/email/}; the HTML one escapes what alerts say).
 * Delivered = accepted by the SMTP server.
 */
@ApplicationScoped
public class EmailSender implements ChannelSender {

    public static final String TYPE = "email";
    /** Lets a mailbox (or a test) tie a message to its delivery; the same on every retry. */
    public static final String DELIVERY_HEADER = "X-Watchkeeper-Delivery";

    private final ReactiveMailer mailer;
    private final MessageTemplates templates;
    private final Template html;
    private final Template text;

    public EmailSender(
            ReactiveMailer mailer,
            MessageTemplates templates,
            @Location("email/alert.html") Template html,
            @Location("email/alert.txt") Template text) {
        this.mailer = mailer;
        this.templates = templates;
        this.html = html;
        this.text = text;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean usesUrl() {
        return false;
    }

    @Override
    public void validate(ChannelDtos.Create request) {
        if (request.emails() == null || request.emails().isEmpty()) {
            throw ProblemException.invalid("emails", "give at least one address");
        }
    }

    @Override
    public Uni<SendResult> send(Target target, Notification notification) {
        String language = target.settings().language();
        String subject = templates.headline(notification, language);
        List<View> alerts = notification.alerts().stream()
                .map(a -> View.of(a, templates, language))
                .toList();
        Words words = "zh".equals(language) ? Words.ZH : Words.EN;
        Mail mail = new Mail()
                .setTo(target.settings().emails())
                .setSubject(subject)
                .setHtml(html.data("subject", subject)
                        .data("alerts", alerts)
                        .data("w", words)
                        .render())
                .setText(text.data("subject", subject)
                        .data("alerts", alerts)
                        .data("w", words)
                        .render())
                .addHeader(DELIVERY_HEADER, notification.id());
        return mailer.send(mail)
                .replaceWith(() -> SendResult.delivered(
                        "accepted by the SMTP server for " + target.settings().emails()))
                .onFailure()
                .recoverWithItem(e -> SendResult.failed("SMTP: " + e.getMessage(), null));
    }

    /** The fixed words of the templates, per language. */
    @TemplateData
    public record Words(String sentBy) {
        static final Words EN = new Words("Sent by Watchkeeper.");
        static final Words ZH = new Words("由 Watchkeeper 发送。");
    }

    /**
     * One alert as the templates show it: its headline and lines in the channel's language (the chat words, see
     * {@link MessageTemplates}), its labels as a table.
     */
    @TemplateData
    public record View(String headline, String colour, List<String> details, List<Label> labels) {

        static View of(AlertEvent a, MessageTemplates templates, String language) {
            List<String> details = templates.details(a, language).stream()
                    .filter(line -> !line.startsWith("labels:") && !line.startsWith("标签："))
                    .toList();
            List<Label> labels = new TreeMap<>(a.labels())
                    .entrySet().stream()
                            .map(e -> new Label(e.getKey(), e.getValue()))
                            .toList();
            return new View(templates.headline(a, language), colour(a), details, labels);
        }

        private static String colour(AlertEvent a) {
            if (a.status() == AlertStatus.RESOLVED) {
                return "#2e7d32";
            }
            return switch (a.severity()) {
                case CRITICAL -> "#c62828";
                case ERROR -> "#ef6c00";
                case WARNING -> "#f9a825";
                case INFO -> "#1565c0";
            };
        }
    }

    @TemplateData
    public record Label(String name, String value) {}
}
