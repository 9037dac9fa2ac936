package io.watchkeeper.collector.source;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.rest.PageQuery;
import io.watchkeeper.platform.rest.QueryParams;
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
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Polled sources: provider accounts and their balances. Credentials go in and never come out. */
@Path("/api/v1/sources")
public class SourceResource {

    private final SourceService service;
    private final History history;
    private final Tenancy tenancy;

    public SourceResource(SourceService service, History history, Tenancy tenancy) {
        this.service = service;
        this.history = history;
        this.tenancy = tenancy;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull SourceDtos.Request request) {
        return service.create(tenancy.current(), request, tenancy.user())
                .map(s -> Response.created(URI.create("/api/v1/sources/" + s.id()))
                        .entity(s)
                        .build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<SourceDtos.View>> list(@QueryParam("tenant") String tenant, @Valid @BeanParam PageQuery paging) {
        return service.list(tenancy.current(), tenant, paging.page(), paging.size());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<SourceDtos.View> get(@PathParam("id") UUID id) {
        return service.get(tenancy.current(), id);
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<SourceDtos.View> replace(@PathParam("id") UUID id, @Valid @NotNull SourceDtos.Request request) {
        return service.replace(tenancy.current(), id, request);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenancy.current(), id)
                .replaceWith(Response.noContent().build());
    }

    /** Balance history: every reading of the source in [from, to) (default: the last 7 days), newest first. */
    @GET
    @Path("{id}/history")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<History.Observation>> history(
            @PathParam("id") UUID id,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @Valid @BeanParam PageQuery paging) {
        java.time.Instant end = Objects.requireNonNullElseGet(
                QueryParams.instant("to", to), () -> java.time.Instant.now().plusSeconds(1));
        java.time.Instant start =
                Objects.requireNonNullElse(QueryParams.instant("from", from), end.minus(java.time.Duration.ofDays(7)));
        return service.get(tenancy.current(), id)
                .chain(source -> history.of(id, start, end, paging.page(), paging.size()));
    }

    /** Spend per sub-account and project in a bill period (YYYY-MM; default: this month, UTC). */
    @GET
    @Path("{id}/bills")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<java.util.List<History.BillLine>> bills(@PathParam("id") UUID id, @QueryParam("period") String period) {
        String month = period == null || period.isBlank()
                ? java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString()
                : period;
        if (!month.matches("\\d{4}-(0[1-9]|1[0-2])")) {
            throw io.watchkeeper.platform.problem.ProblemException.invalid(
                    "period", "must be a bill period such as 2026-11");
        }
        return service.get(tenancy.current(), id).chain(source -> history.bill(id, month));
    }

    @POST
    @Path("{id}/refresh")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Response> refresh(@PathParam("id") UUID id) {
        return service.refresh(tenancy.current(), id)
                .replaceWith(Response.accepted().build());
    }

    @POST
    @Path("refresh")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Response> refreshAll() {
        return service.refreshAll(tenancy.current())
                .map(n -> Response.accepted(Map.of("refreshing", n)).build());
    }
}
