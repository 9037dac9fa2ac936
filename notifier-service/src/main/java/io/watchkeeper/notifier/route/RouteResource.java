package io.watchkeeper.notifier.route;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** Routes: which channels get which alerts. */
@Path("/api/v1/routes")
public class RouteResource {

    private final RouteService service;
    private final SecurityIdentity identity;

    public RouteResource(RouteService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull RouteDtos.Create request) {
        return service.create(request, identity.getPrincipal().getName())
                .map(r -> Response.created(URI.create("/api/v1/routes/" + r.id())).entity(r).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<RouteDtos.View>> list() {
        return service.list();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(id).replaceWith(Response.noContent().build());
    }
}
