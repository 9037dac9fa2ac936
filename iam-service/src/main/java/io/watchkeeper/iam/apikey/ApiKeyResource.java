package io.watchkeeper.iam.apikey;

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
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** API keys of machine clients: admins issue, list and revoke them; a key is shown once, when issued. */
@Path("/api/v1/api-keys")
@RolesAllowed(Roles.ADMIN)
public class ApiKeyResource {

    private final ApiKeyService service;
    private final Tenancy tenancy;

    public ApiKeyResource(ApiKeyService service, Tenancy tenancy) {
        this.service = service;
        this.tenancy = tenancy;
    }

    @POST
    public Uni<Response> issue(@Valid @NotNull ApiKeyDtos.Request request) {
        return service.issue(tenancy.current(), request, tenancy.user())
                .map(k -> Response.created(URI.create("/api/v1/api-keys/" + k.id()))
                        .entity(k)
                        .build());
    }

    /** Live keys (and revoked ones with {@code revoked=true}), newest first. */
    @GET
    public Uni<Page<ApiKeyDtos.View>> list(
            @QueryParam("tenant") String tenant,
            @QueryParam("revoked") @DefaultValue("false") boolean revoked,
            @Valid @BeanParam PageQuery paging) {
        return service.list(tenancy.current(), tenant, revoked, paging.page(), paging.size());
    }

    @GET
    @Path("{id}")
    public Uni<ApiKeyDtos.View> get(@PathParam("id") String id) {
        return service.get(tenancy.current(), id);
    }

    /** Revokes the key: 204, and every service refuses it within 5 seconds. */
    @DELETE
    @Path("{id}")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return service.revoke(tenancy.current(), id, tenancy.user())
                .replaceWith(Response.noContent().build());
    }
}
