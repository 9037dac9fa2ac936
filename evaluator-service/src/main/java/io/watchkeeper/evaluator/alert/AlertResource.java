package io.watchkeeper.evaluator.alert;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.rest.PageQuery;
import io.watchkeeper.platform.rest.QueryParams;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Alerts, newest first, and the transitions people make: acknowledge, resolve, ignore. */
@Path("/api/v1/alerts")
public class AlertResource {

    private final AlertQueries queries;
    private final AlertService service;
    private final Tenancy tenancy;

    public AlertResource(AlertQueries queries, AlertService service, Tenancy tenancy) {
        this.queries = queries;
        this.service = service;
        this.tenancy = tenancy;
    }

    /** {@code label=name=value} may repeat; {@code from}/{@code to} (RFC 3339) bound the start time. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<AlertDtos.View>> list(
            @QueryParam("status") String status,
            @QueryParam("severity") String severity,
            @QueryParam("type") String type,
            @QueryParam("ruleId") UUID ruleId,
            @QueryParam("tenant") String tenant,
            @QueryParam("label") List<String> label,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @Valid @BeanParam PageQuery paging) {
        AlertDtos.Filter filter = new AlertDtos.Filter(
                parse(AlertState.class, "status", status),
                parse(Severity.class, "severity", severity),
                blankToNull(type),
                ruleId,
                tenancy.current().filter(tenant),
                labels(label),
                QueryParams.instant("from", from),
                QueryParams.instant("to", to));
        return queries.list(filter, paging.page(), paging.size());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<AlertDtos.Detail> get(@PathParam("id") UUID id) {
        return queries.get(tenancy.current(), id);
    }

    @POST
    @Path("{id}/ack")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<AlertDtos.View> acknowledge(@PathParam("id") UUID id) {
        return service.acknowledge(tenancy.current(), id, tenancy.user());
    }

    @POST
    @Path("{id}/resolve")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<AlertDtos.View> resolve(@PathParam("id") UUID id) {
        return service.resolve(tenancy.current(), id, tenancy.user());
    }

    @POST
    @Path("{id}/ignore")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<AlertDtos.View> ignore(@PathParam("id") UUID id) {
        return service.ignore(tenancy.current(), id, tenancy.user());
    }

    private static Map<String, String> labels(List<String> pairs) {
        Map<String, String> labels = new HashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw ProblemException.invalid("label", "must be name=value, e.g. label=app=chat");
            }
            labels.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return labels;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(
                    field,
                    "must be one of "
                            + Arrays.stream(type.getEnumConstants())
                                    .map(c -> c.name().toLowerCase(Locale.ROOT))
                                    .toList());
        }
    }
}
