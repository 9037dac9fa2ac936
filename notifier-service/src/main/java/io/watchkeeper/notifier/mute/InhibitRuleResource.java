package io.watchkeeper.notifier.mute;

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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** Inhibit rules: while a source alert fires, matching targets with the same {@code equal} labels stay quiet. */
@Path("/api/v1/inhibit-rules")
public class InhibitRuleResource {

    private final InhibitRuleService service;
    private final Tenancy tenancy;

    public InhibitRuleResource(InhibitRuleService service, Tenancy tenancy) {
        this.service = service;
        this.tenancy = tenancy;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull MuteDtos.CreateInhibitRule request) {
        return service.create(tenancy.current(), request, tenancy.user())
                .map(r -> Response.created(URI.create("/api/v1/inhibit-rules/" + r.id()))
                        .entity(r)
                        .build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<MuteDtos.InhibitRuleView>> list(
            @QueryParam("tenant") String tenant, @Valid @BeanParam PageQuery paging) {
        return service.list(tenancy.current().filter(tenant), paging.page(), paging.size());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<MuteDtos.InhibitRuleView> get(@PathParam("id") UUID id) {
        return service.get(tenancy.current(), id);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenancy.current(), id)
                .replaceWith(Response.noContent().build());
    }
}
