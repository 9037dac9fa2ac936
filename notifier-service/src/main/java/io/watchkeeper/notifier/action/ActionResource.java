package io.watchkeeper.notifier.action;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.notifier.mute.Mutes;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Remediation actions, their runs, and running them for an alert by hand. */
@Path("/api/v1")
public class ActionResource {

    private final ActionService service;
    private final Mutes alerts;
    private final Tenancy tenancy;

    public ActionResource(ActionService service, Mutes alerts, Tenancy tenancy) {
        this.service = service;
        this.alerts = alerts;
        this.tenancy = tenancy;
    }

    @POST
    @Path("actions")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull ActionDtos.Create request) {
        return service.create(tenancy.current(), request, tenancy.user())
                .map(a -> Response.created(URI.create("/api/v1/actions/" + a.id())).entity(a).build());
    }

    @GET
    @Path("actions")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<ActionDtos.View>> list(@QueryParam("tenant") String tenant) {
        return service.list(tenancy.current().filter(tenant));
    }

    @DELETE
    @Path("actions/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenancy.current(), id).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("action-runs")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<ActionDtos.RunView>> runs(@QueryParam("tenant") String tenant, @QueryParam("alertId") UUID alertId,
            @QueryParam("actionId") UUID actionId) {
        return service.runs(tenancy.current().filter(tenant), alertId, actionId);
    }

    /** Runs every action matching the alert now; 200 with the runs (possibly none). */
    @POST
    @Path("alerts/{id}/handle")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<List<ActionDtos.RunView>> handle(@PathParam("id") UUID alertId) {
        TenantScope scope = tenancy.current();
        return alerts.latest(alertId)
                .map(alert -> scope.visible(alert, alert == null ? null : alert.labels().get(TenantScope.LABEL),
                        "alert", alertId))
                .chain(alert -> service.handle(alert, tenancy.user()));
    }
}
