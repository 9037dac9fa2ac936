package io.watchkeeper.iam.account;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.iam.cloud.CloudIam;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.rest.PageQuery;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Cloud main accounts: admins register and test them; only a hint of the secret is ever returned. */
@Path("/api/v1/cloud-accounts")
@RolesAllowed(Roles.ADMIN)
public class AccountResource {

    private final AccountService service;
    private final Tenancy tenancy;

    public AccountResource(AccountService service, Tenancy tenancy) {
        this.service = service;
        this.tenancy = tenancy;
    }

    @POST
    public Uni<Response> create(@Valid @NotNull AccountDtos.Request request) {
        return service.create(tenancy.current(), request, tenancy.user())
                .map(a -> Response.created(URI.create("/api/v1/cloud-accounts/" + a.id()))
                        .entity(a)
                        .build());
    }

    @GET
    public Uni<Page<AccountDtos.View>> list(@QueryParam("tenant") String tenant, @Valid @BeanParam PageQuery paging) {
        return service.list(tenancy.current(), tenant, paging.page(), paging.size());
    }

    @GET
    @Path("{id}")
    public Uni<AccountDtos.View> get(@PathParam("id") String id) {
        return service.get(tenancy.current(), id);
    }

    /** A signed {@code ListUsers} with the stored keys: 200 when they work, else the cloud's refusal. */
    @POST
    @Path("{id}/test")
    public Uni<AccountDtos.TestResult> test(@PathParam("id") String id) {
        return service.test(tenancy.current(), id);
    }

    @GET
    @Path("{id}/projects")
    public Uni<List<CloudIam.Project>> projects(@PathParam("id") String id) {
        return service.projects(tenancy.current(), id);
    }
}
