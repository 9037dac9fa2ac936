package io.watchkeeper.notifier.action;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.notifier.mute.AlertStates;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.rest.PageQuery;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
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
    private final ActionRunner runner;
    private final ActionRuns runs;
    private final AlertStates alerts;
    private final Tenancy tenancy;

    public ActionResource(
            ActionService service, ActionRunner runner, ActionRuns runs, AlertStates alerts, Tenancy tenancy) {
        this.service = service;
        this.runner = runner;
        this.runs = runs;
        this.alerts = alerts;
        this.tenancy = tenancy;
    }

    @POST
    @Path("actions")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull ActionDtos.Create request) {
        return service.create(tenancy.current(), request, tenancy.user())
                .map(a -> Response.created(URI.create("/api/v1/actions/" + a.id()))
                        .entity(a)
                        .build());
    }

    @GET
    @Path("actions")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<ActionDtos.View>> list(@QueryParam("tenant") String tenant, @Valid @BeanParam PageQuery paging) {
        return service.list(tenancy.current().filter(tenant), paging.page(), paging.size());
    }

    @GET
    @Path("actions/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<ActionDtos.View> get(@PathParam("id") UUID id) {
        return service.get(tenancy.current(), id);
    }

    @DELETE
    @Path("actions/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenancy.current(), id)
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("action-runs")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<ActionDtos.RunView>> runs(
            @QueryParam("tenant") String tenant,
            @QueryParam("alertId") UUID alertId,
            @QueryParam("actionId") UUID actionId,
            @Valid @BeanParam PageQuery paging) {
        return runs.list(tenancy.current().filter(tenant), alertId, actionId, paging.page(), paging.size());
    }

    /** Runs every action matching the alert now; 200 with the runs (possibly none). */
    @POST
    @Path("alerts/{id}/handle")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<List<ActionDtos.RunView>> handle(@PathParam("id") UUID alertId) {
        TenantScope scope = tenancy.current();
        return alerts.latest(alertId)
                .map(alert -> scope.visible(
                        alert, alert == null ? null : alert.labels().get(TenantScope.LABEL), "alert", alertId))
                .chain(alert -> runner.handle(alert, tenancy.user()));
    }
}
