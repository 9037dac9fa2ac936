package io.watchkeeper.evaluator.rule;

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

/** Alert rules, managed at run time. */
@Path("/api/v1/rules")
public class RuleResource {

    private final RuleService service;
    private final Tenancy tenancy;

    public RuleResource(RuleService service, Tenancy tenancy) {
        this.service = service;
        this.tenancy = tenancy;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull RuleDtos.Request request) {
        return service.create(tenancy.current(), request, tenancy.user())
                .map(rule -> Response.created(URI.create("/api/v1/rules/" + rule.id()))
                        .entity(rule)
                        .build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<RuleDtos.View>> list(@QueryParam("tenant") String tenant, @Valid @BeanParam PageQuery paging) {
        return service.list(tenancy.current(), tenant, paging.page(), paging.size());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<RuleDtos.View> get(@PathParam("id") UUID id) {
        return service.get(tenancy.current(), id);
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<RuleDtos.View> replace(@PathParam("id") UUID id, @Valid @NotNull RuleDtos.Request request) {
        return service.replace(tenancy.current(), id, request);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenancy.current(), id)
                .replaceWith(Response.noContent().build());
    }
}
