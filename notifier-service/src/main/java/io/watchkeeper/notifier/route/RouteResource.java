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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** The routing tree: which channels get which alerts, grouped and repeated how. */
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
    public Uni<Response> create(@Valid @NotNull RouteDtos.Write request) {
        return service.create(request, identity.getPrincipal().getName())
                .map(r -> Response.created(URI.create("/api/v1/routes/" + r.id())).entity(r).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<RouteDtos.View>> list() {
        return service.list();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<RouteDtos.View> get(@PathParam("id") UUID id) {
        return service.get(id);
    }

    /** Replaces a route (the default route too: {@value RoutingTree#DEFAULT_ID_TEXT}). */
    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<RouteDtos.View> update(@PathParam("id") UUID id, @Valid @NotNull RouteDtos.Write request) {
        return service.update(id, request);
    }

    /** Where an alert with these labels (plus {@code severity} and {@code type}) would go. */
    @POST
    @Path("test")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<RouteDtos.TestResult> test(@Valid @NotNull RouteDtos.TestRequest request) {
        return service.test(request.labels());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(id).replaceWith(Response.noContent().build());
    }
}
