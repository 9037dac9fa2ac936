package io.watchkeeper.notifier.mute;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.rest.PageQuery;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;

/** Silences (Alertmanager's): pending until they start, active, expired when they end or are expired early. */
@Path("/api/v1/silences")
public class SilenceResource {

    private final SilenceService service;
    private final Tenancy tenancy;

    public SilenceResource(SilenceService service, Tenancy tenancy) {
        this.service = service;
        this.tenancy = tenancy;
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Response> create(@Valid @NotNull MuteDtos.CreateSilence request) {
        return service.create(tenancy.current(), request, tenancy.user())
                .map(s -> Response.created(URI.create("/api/v1/silences/" + s.id()))
                        .entity(s)
                        .build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<MuteDtos.SilenceView>> list(
            @QueryParam("tenant") String tenant,
            @QueryParam("state")
                    @Pattern(regexp = "pending|active|expired", message = "must be pending, active or expired")
                    String state,
            @Valid @BeanParam PageQuery paging) {
        return service.list(
                tenancy.current().filter(tenant),
                state == null ? null : Silence.State.valueOf(state.toUpperCase(Locale.ROOT)),
                paging.page(),
                paging.size());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<MuteDtos.SilenceView> get(@PathParam("id") UUID id) {
        return service.get(tenancy.current(), id);
    }

    /** Ends the silence now (a pending one never starts); expiring an expired silence changes nothing. */
    @POST
    @Path("{id}/expire")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<MuteDtos.SilenceView> expire(@PathParam("id") UUID id) {
        return service.expire(tenancy.current(), id);
    }
}
