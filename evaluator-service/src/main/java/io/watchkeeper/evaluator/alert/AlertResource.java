package io.watchkeeper.evaluator.alert;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.Locale;
import java.util.UUID;

/** Alerts and their state, newest first. */
@Path("/api/v1/alerts")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class AlertResource {

    private final AlertService service;

    public AlertResource(AlertService service) {
        this.service = service;
    }

    @GET
    public Uni<Page<AlertDtos.View>> list(@QueryParam("status") String status,
            @QueryParam("severity") String severity, @QueryParam("type") String type,
            @QueryParam("ruleId") UUID ruleId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Page.DEFAULT_SIZE) @Min(1) @Max(Page.MAX_SIZE) int size) {
        AlertDtos.Filter filter = new AlertDtos.Filter(parse(AlertStatus.class, "status", status),
                parse(Severity.class, "severity", severity), type, ruleId);
        return service.list(filter, page, size);
    }

    @GET
    @Path("{id}")
    public Uni<AlertDtos.View> get(@PathParam("id") UUID id) {
        return service.get(id);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
