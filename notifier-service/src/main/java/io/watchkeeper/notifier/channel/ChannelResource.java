package io.watchkeeper.notifier.channel;

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

/** Notification channels. Secrets go in and never come out. */
@Path("/api/v1/channels")
public class ChannelResource {

    private final ChannelService service;
    private final Tenancy tenancy;

    public ChannelResource(ChannelService service, Tenancy tenancy) {
        this.service = service;
        this.tenancy = tenancy;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull ChannelDtos.Create request) {
        return service.create(tenancy.current(), request, tenancy.user())
                .map(c -> Response.created(URI.create("/api/v1/channels/" + c.id()))
                        .entity(c)
                        .build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<ChannelDtos.View>> list(@QueryParam("tenant") String tenant, @Valid @BeanParam PageQuery paging) {
        return service.list(tenancy.current(), tenant, paging.page(), paging.size());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<ChannelDtos.View> get(@PathParam("id") UUID id) {
        return service.get(tenancy.current(), id);
    }

    /** Sends a test message through the channel now; 200 with what the far side answered, delivered or not. */
    @POST
    @Path("{id}/test")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<ChannelDtos.TestResult> test(@PathParam("id") UUID id) {
        return service.test(tenancy.current(), id, tenancy.user());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenancy.current(), id)
                .replaceWith(Response.noContent().build());
    }
}
