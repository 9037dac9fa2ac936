package io.watchkeeper.notifier.mute;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Inhibit rules: while a source alert fires, matching targets with the same {@code equal} labels stay quiet. */
@Path("/api/v1/inhibit-rules")
public class InhibitRuleResource {

    private final InhibitRuleRepository repository;
    private final Tenancy tenancy;
    private final Mutes mutes;

    public InhibitRuleResource(InhibitRuleRepository repository, Tenancy tenancy, Mutes mutes) {
        this.repository = repository;
        this.tenancy = tenancy;
        this.mutes = mutes;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull MuteDtos.CreateInhibitRule request) {
        LabelMatcher.checkRegexes(request.sourceMatchers(), "sourceMatchers");
        LabelMatcher.checkRegexes(request.targetMatchers(), "targetMatchers");
        InhibitRule r = new InhibitRule();
        r.id = UUID.randomUUID();
        r.name = request.name();
        r.tenant = tenancy.current().owner(request.tenant());
        r.sourceMatchers = TenantScope.matchersOf(request.sourceMatchers(), r.tenant);
        r.targetMatchers = TenantScope.matchersOf(request.targetMatchers(), r.tenant);
        r.equal = request.equal() == null ? List.of() : List.copyOf(request.equal());
        r.createdBy = tenancy.user();
        r.createdAt = Instant.now();
        return Panache.withTransaction(() -> repository.persist(r))
                .invoke(mutes::changed)
                .map(saved -> Response.created(URI.create("/api/v1/inhibit-rules/" + r.id))
                        .entity(MuteDtos.InhibitRuleView.of(r)).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<MuteDtos.InhibitRuleView>> list(@QueryParam("tenant") String tenant) {
        String owner = tenancy.current().filter(tenant);
        return Panache.withSession(() -> owner == null ? repository.listAll(Sort.by("createdAt"))
                        : repository.list("tenant", Sort.by("createdAt"), owner))
                .map(all -> new Page<>(all.stream().map(MuteDtos.InhibitRuleView::of).toList(), all.size(), 0, all.size()));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") UUID id) {
        TenantScope scope = tenancy.current();
        return Panache.withTransaction(() -> repository.findById(id)
                        .map(r -> scope.visible(r, r == null ? null : r.tenant, "inhibit rule", id))
                        .call(repository::delete))
                .invoke(mutes::changed).map(deleted -> Response.noContent().build());
    }
}
