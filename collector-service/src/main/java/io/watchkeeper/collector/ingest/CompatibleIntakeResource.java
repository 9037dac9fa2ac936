package io.watchkeeper.collector.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.metric.MetricPublisher;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.platform.labels.LabelSet;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import io.watchkeeper.platform.security.TenantScope;
import io.watchkeeper.platform.security.apikey.ApiKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Intake for systems that already speak another format: the trade monitor's event notification and
 * Prometheus/Alertmanager's alert push. Both become metric events rules can match. Operators call them, and machine
 * clients with an API key of the scope ingest:events or ingest:alerts.
 */
@Path("/api")
public class CompatibleIntakeResource {

    public static final String EXTERNAL_ALERT = "external_alert";

    /** The trade monitor's {@code POST /api/events/notify} body. */
    public record Notification(
            @NotBlank @Size(max = 100) String eventType,
            @NotBlank @Size(max = 100) String serviceName,
            @Pattern(regexp = "(?i)info|warning|error|critical", message = "must be info, warning, error or critical")
                    String severity,
            @Size(max = 500) String title,
            @Size(max = 4000) String message,
            Map<String, Object> metadata) {}

    /** The trade monitor's answer; {@code alertId} when the event opened or updated an alert. */
    public record NotificationAnswer(
            boolean success, String eventId, @JsonInclude(JsonInclude.Include.NON_NULL) UUID alertId, String message) {}

    /** One alert of Alertmanager's {@code POST /api/v2/alerts} array. */
    public record PostableAlert(
            @NotEmpty @LabelSet(max = 64) Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            String generatorURL) {}

    private final MetricPublisher publisher;
    private final Tenancy tenancy;
    private final AlertAnswers answers;

    public CompatibleIntakeResource(MetricPublisher publisher, Tenancy tenancy, AlertAnswers answers) {
        this.publisher = publisher;
        this.tenancy = tenancy;
        this.answers = answers;
    }

    @POST
    @Path("events/notify")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN, ApiKeys.INGEST_EVENTS})
    public Uni<NotificationAnswer> notify(@Valid @NotNull Notification n) {
        String eventId = UUID.randomUUID().toString();
        MetricEvent event = EventNotifications.metric(n, eventId, tenancy.current(), now());
        Uni<Void> publish = publisher
                .publish(event, eventId)
                .onFailure()
                .transform(e -> new ProblemException(
                        503, "Service Unavailable", "the event could not be recorded; retry", null));
        return answers.alertOf(eventId, publish)
                .map(alertId -> new NotificationAnswer(
                        true,
                        eventId,
                        alertId,
                        alertId == null ? "accepted" : "accepted; alert " + alertId + " is open"));
    }

    /** Prometheus and anything else that pushes to Alertmanager can push here unchanged. */
    @POST
    @Path("v2/alerts")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN, ApiKeys.INGEST_ALERTS})
    public Uni<Response> alerts(@NotNull List<@Valid @NotNull PostableAlert> alerts) {
        Instant now = now();
        TenantScope scope = tenancy.current();
        List<MetricEvent> events = alerts.stream()
                .map(a -> new MetricEvent(
                        EXTERNAL_ALERT,
                        MetricKind.EVENT,
                        a.endsAt() == null || a.endsAt().isAfter(now) ? BigDecimal.ONE : BigDecimal.ZERO,
                        null,
                        scope.labelsOf(a.labels()),
                        now))
                .toList(); // every alert checked before any is published
        return Multi.createFrom()
                .iterable(events)
                .onItem()
                .transformToUniAndConcatenate(publisher::publish)
                .collect()
                .last()
                .onFailure()
                .transform(e -> new ProblemException(
                        503, "Service Unavailable", "the alerts could not be recorded; retry", null))
                .replaceWith(Response.ok().build());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
