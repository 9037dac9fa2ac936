package io.watchkeeper.notifier.route;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.rest.PageQuery;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** The routing tree: which channels get which alerts, grouped and repeated how. */
@Path("/api/v1/routes")
public class RouteResource {

    private final RouteService service;
    private final Tenancy tenancy;

    public RouteResource(RouteService service, Tenancy tenancy) {
        this.service = service;
        this.tenancy = tenancy;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull RouteDtos.Write request) {
        return service.create(tenancy.current(), request, tenancy.user())
                .map(r -> Response.created(URI.create("/api/v1/routes/" + r.id()))
                        .entity(r)
                        .build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<RouteDtos.View>> list(@QueryParam("tenant") String tenant, @Valid @BeanParam PageQuery paging) {
        return service.list(tenancy.current(), tenant, paging.page(), paging.size());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<RouteDtos.View> get(@PathParam("id") UUID id) {
        return service.get(tenancy.current(), id);
    }

    /** Replaces a route (the default route too: {@value RoutingTree#DEFAULT_ID_TEXT}). */
    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<RouteDtos.View> update(@PathParam("id") UUID id, @Valid @NotNull RouteDtos.Write request) {
        return service.update(tenancy.current(), id, request);
    }

    /** Where an alert with these labels (plus {@code severity} and {@code type}) would go. */
    @POST
    @Path("test")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<RouteDtos.TestResult> test(@Valid @NotNull RouteDtos.TestRequest request) {
        return service.test(tenancy.current(), request.labels());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenancy.current(), id)
                .replaceWith(Response.noContent().build());
    }
}
