package io.watchkeeper.notifier.channel;

import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateData;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The words of a chat message, from Qute templates per alert kind and language
 * ({@code templates/messages/<en|zh>/<kind>.txt}): balance (value against threshold, currency), forecast
 * (depletion time, burn rate), renewal (days left), quota (used of allocated, step), heartbeat (silent since) and
 * generic (with the alert's annotations, e.g. an event's message and metadata). Each template renders the lines
 * under the headline.
 */
@ApplicationScoped
public class MessageTemplates {

    public static final List<String> LANGUAGES = List.of("en", "zh");

    private final Engine qute;

    public MessageTemplates(Engine qute) {
        this.qute = qute;
    }

    /** The alert's words in the language ({@code en} or {@code zh}). */
    public AlertText.Words words(AlertEvent alert, String language) {
        return new AlertText.Words(headline(alert, language), details(alert, language));
    }

    /**
     * A message's words: one alert's, or for a group a headline counting its alerts by status and, under it, each
     * alert's headline with its lines indented.
     */
    public AlertText.Words words(Notification n, String language) {
        if (n.single()) {
            return words(n.alerts().get(0), language);
        }
        List<String> details = new java.util.ArrayList<>();
        for (AlertEvent alert : n.alerts()) {
            details.add("• " + headline(alert, language));
            details(alert, language).forEach(line -> details.add("  " + line));
        }
        return new AlertText.Words(headline(n, language), details);
    }

    /** {@code [FIRING:2, RESOLVED:1] app=billing} / {@code 【告警 2 · 已恢复 1】app=billing}; one alert: its headline. */
    public String headline(Notification n, String language) {
        if (n.single()) {
            return headline(n.alerts().get(0), language);
        }
        boolean zh = "zh".equals(language);
        List<String> counts = new java.util.ArrayList<>();
        for (AlertStatus status : AlertStatus.values()) {
            long count = n.count(status);
            if (count > 0) {
                counts.add(zh ? status.chinese() + " " + count : status.name() + ":" + count);
            }
        }
        String group = n.groupLabels().isEmpty()
                ? n.lead().title()
                : new TreeMap<>(n.groupLabels())
                        .entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(java.util.stream.Collectors.joining(", "));
        return zh ? "【" + String.join(" · ", counts) + "】" + group : "[" + String.join(", ", counts) + "] " + group;
    }

    /** {@code [FIRING] title} / {@code 【告警】title}. */
    public String headline(AlertEvent alert, String language) {
        return ("zh".equals(language)
                        ? "【" + alert.status().chinese() + "】"
                        : "[" + alert.status().name() + "] ")
                + alert.title();
    }

    /** The lines under the headline. */
    public List<String> details(AlertEvent alert, String language) {
        String lang = LANGUAGES.contains(language) ? language : "en";
        String text = qute.getTemplate("messages/" + lang + "/" + kind(alert) + ".txt")
                .data("a", View.of(alert))
                .render();
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Which template: by the alert's type, and for thresholds whether it watches a balance. */
    static String kind(AlertEvent a) {
        return switch (a.type() == null ? "" : a.type()) {
            case "absence" -> "heartbeat";
            case "forecast" -> "forecast";
            case "renewal" -> "renewal";
            case "quota_step", "quota_exhausted", "quota_period" -> "quota";
            case "threshold" -> a.value() != null
                            && (a.labels().containsKey("currency")
                                    || a.annotations().containsKey("currency")
                                    || a.title().toLowerCase(Locale.ROOT).contains("balance"))
                    ? "balance"
                    : "generic";
            default -> "generic";
        };
    }

    /** What templates see: strings, already formatted. */
    @TemplateData
    public record View(
            boolean resolved,
            String since,
            String endedAt,
            String message,
            String severity,
            String rule,
            String value,
            String threshold,
            String currency,
            String depletesAt,
            String burnRatePerHour,
            String renewsOn,
            String daysLeft,
            String subscription,
            String usedPct,
            String stepPct,
            String quotaId,
            List<Label> labels,
            List<Label> annotations) {

        /** Annotations the kinds' templates show in words of their own, and the event id only machines want. */
        private static final java.util.Set<String> WORDED = java.util.Set.of(
                "currency", "depletesAt", "burnRatePerHour", "renewsOn", "daysLeft", "subscription", "event_id");

        static View of(AlertEvent a) {
            Map<String, String> ann = a.annotations();
            String currency = a.labels().getOrDefault("currency", ann.get("currency"));
            return new View(
                    a.status() == AlertStatus.RESOLVED,
                    a.startsAt().toString(),
                    a.endsAt() == null ? null : a.endsAt().toString(),
                    blankToNull(a.message()),
                    a.severity().name().toLowerCase(Locale.ROOT),
                    a.ruleName(),
                    plain(a.value()),
                    plain(a.threshold()),
                    currency,
                    ann.get("depletesAt"),
                    ann.get("burnRatePerHour"),
                    ann.get("renewsOn"),
                    ann.get("daysLeft"),
                    ann.get("subscription"),
                    a.quota() == null ? null : plain(a.quota().usedPct()),
                    a.quota() == null ? null : plain(a.quota().stepPct()),
                    a.quota() == null ? null : a.quota().quotaId(),
                    labels(a.labels()),
                    labels(ann).stream().filter(l -> !WORDED.contains(l.name())).toList());
        }

        private static List<Label> labels(Map<String, String> pairs) {
            return new TreeMap<>(pairs)
                    .entrySet().stream()
                            .map(e -> new Label(e.getKey(), e.getValue()))
                            .toList();
        }

        private static String plain(BigDecimal d) {
            return d == null ? null : d.stripTrailingZeros().toPlainString();
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }

    @TemplateData
    public record Label(String name, String value) {}
}
