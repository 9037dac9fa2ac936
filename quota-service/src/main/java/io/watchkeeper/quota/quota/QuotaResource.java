package io.watchkeeper.quota.quota;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.platform.problem.ProblemException;
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

/** Quotas: admins define them, everyone who sees them reads where they stand. */
@Path("/api/v1/quotas")
public class QuotaResource {

    private final QuotaService service;
    private final Tenancy tenancy;

    public QuotaResource(QuotaService service, Tenancy tenancy) {
        this.service = service;
        this.tenancy = tenancy;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull QuotaDtos.Request request) {
        return service.create(tenancy.current(), request, tenancy.user())
                .map(q -> Response.created(URI.create("/api/v1/quotas/" + q.id()))
                        .entity(q)
                        .build());
    }

    /**
     * A page of quotas, by subject. {@code subjectType}: cloud_subaccount, tenant, app, energy_target; {@code status}:
     * normal, warning, exceeded, exhausted (as last reported), or deleted (deleted quotas, kept as history).
     */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<QuotaDtos.View>> list(
            @QueryParam("tenant") String tenant,
            @QueryParam("subjectType") String subjectType,
            @QueryParam("subjectId") String subjectId,
            @QueryParam("status") String status,
            @Valid @BeanParam PageQuery paging) {
        boolean deleted = "deleted".equals(status);
        return service.list(
                tenancy.current(),
                new QuotaRepository.Filter(
                        tenant, subjectType(subjectType), subjectId, deleted ? null : usageStatus(status), deleted),
                paging.page(),
                paging.size());
    }

    private static SubjectType subjectType(String text) {
        try {
            return text == null ? null : SubjectType.ofWire(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("subjectType", "one of cloud_subaccount, tenant, app, energy_target");
        }
    }

    private static QuotaUsageEvent.Status usageStatus(String text) {
        for (QuotaUsageEvent.Status s : QuotaUsageEvent.Status.values()) {
            if (s.name().toLowerCase(java.util.Locale.ROOT).equals(text)) {
                return s;
            }
        }
        if (text == null) {
            return null;
        }
        throw ProblemException.invalid("status", "one of normal, warning, exceeded, exhausted, deleted");
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<QuotaDtos.View> get(@PathParam("id") String id) {
        return service.get(tenancy.current(), id);
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<QuotaDtos.View> replace(@PathParam("id") String id, @Valid @NotNull QuotaDtos.Request request) {
        return service.replace(tenancy.current(), id, request);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(tenancy.current(), id)
                .replaceWith(Response.noContent().build());
    }
}
