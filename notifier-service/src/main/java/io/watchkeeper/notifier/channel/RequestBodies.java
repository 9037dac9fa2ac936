package io.watchkeeper.notifier.channel;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.watchkeeper.contracts.event.AlertEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Request bodies an admin writes as Qute templates (SMS gateways, http actions): every value is escaped for the
 * body's content type — a JSON string, a form field, or plain text — so alert text cannot break the request.
 */
@ApplicationScoped
public class RequestBodies {

    public static final String JSON = "application/json";

    private final Engine qute;
    private final Map<String, Template> parsed = new ConcurrentHashMap<>();

    public RequestBodies(Engine qute) {
        this.qute = qute;
    }

    /** What every body template may use: alertId, fingerprint, title, status, severity, alertname, startsAt. */
    public static Map<String, String> values(AlertEvent alert) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("alertId", alert.alertId().toString());
        values.put("fingerprint", alert.fingerprint());
        values.put("title", alert.title());
        values.put("status", alert.status().name().toLowerCase(Locale.ROOT));
        values.put("severity", alert.severity().name().toLowerCase(Locale.ROOT));
        values.put("alertname", alert.labels().getOrDefault("alertname", alert.ruleName()));
        values.put("startsAt", alert.startsAt().toString());
        return values;
    }

    /** Renders {@code template}; a template that does not parse or names an unknown value throws. */
    public String render(String template, String contentType, Map<String, String> values) {
        UnaryOperator<String> escape =
                switch (contentType) {
                    case JSON -> s -> new String(JsonStringEncoder.getInstance().quoteAsString(s));
                    case "application/x-www-form-urlencoded" -> s -> URLEncoder.encode(s, StandardCharsets.UTF_8);
                    default -> s -> s;
                };
        TemplateInstance instance =
                parsed.computeIfAbsent(template, qute::parse).instance();
        for (Entry<String, String> e : values.entrySet()) {
            instance.data(e.getKey(), escape.apply(e.getValue()));
        }
        return instance.render();
    }
}
