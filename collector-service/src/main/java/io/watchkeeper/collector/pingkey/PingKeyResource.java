package io.watchkeeper.collector.pingkey;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Ping keys: the secret part of heartbeat URLs. Admins create them; the key is shown once. */
@Path("/api/v1/ping-keys")
public class PingKeyResource {

    private final PingKeyService service;
    private final Tenancy tenancy;

    public PingKeyResource(PingKeyService service, Tenancy tenancy) {
        this.service = service;
        this.tenancy = tenancy;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull PingKeyDtos.Create request) {
        return service.create(tenancy.current(), request, tenancy.user()).map(created -> Response.created(
                        URI.create("/api/v1/ping-keys/" + created.view().id()))
                .entity(created)
                .build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<PingKeyDtos.View>> list(@QueryParam("tenant") String tenant) {
        return service.list(tenancy.current().filter(tenant))
                .map(keys -> new Page<>(keys, keys.size(), 0, keys.size()));
    }
}
