package io.watchkeeper.quota.ledger;

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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** A prepaid quota's allocation ledger: append (admins), read (everyone who sees the quota). */
@Path("/api/v1/quotas/{id}/allocations")
public class AllocationResource {

    private final AllocationService service;
    private final Tenancy tenancy;

    public AllocationResource(AllocationService service, Tenancy tenancy) {
        this.service = service;
        this.tenancy = tenancy;
    }

    /**
     * Adds or deducts; the operator is the token's subject. With {@code Idempotency-Key}, a retry answers the first
     * result (with {@code Idempotent-Replayed: true}) and changes nothing.
     */
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> allocate(
            @PathParam("id") String id,
            @HeaderParam("Idempotency-Key")
                    @Pattern(regexp = "[\\x21-\\x7e]{1,200}", message = "1 to 200 visible ASCII characters")
                    String idempotencyKey,
            @Valid @NotNull AllocationDtos.Request request) {
        return service.allocate(tenancy.current(), id, request, idempotencyKey, tenancy.user())
                .map(result -> {
                    Response.ResponseBuilder answer =
                            Response.status(Response.Status.CREATED).entity(result.entry());
                    return (result.replayed() ? answer.header("Idempotent-Replayed", "true") : answer).build();
                });
    }

    /** The ledger, newest entry first. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<AllocationDtos.Entry>> list(@PathParam("id") String id, @Valid @BeanParam PageQuery paging) {
        return service.list(tenancy.current(), id, paging.page(), paging.size());
    }
}
