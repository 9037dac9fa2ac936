package io.watchkeeper.notifier.mute;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** Silences (Alertmanager's): pending until they start, active, expired when they end or are expired early. */
@Path("/api/v1/silences")
public class SilenceResource {

    private final SilenceRepository repository;
    private final Tenancy tenancy;
    private final Mutes mutes;

    public SilenceResource(SilenceRepository repository, Tenancy tenancy, Mutes mutes) {
        this.repository = repository;
        this.tenancy = tenancy;
        this.mutes = mutes;
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Response> create(@Valid @NotNull MuteDtos.CreateSilence request) {
        LabelMatcher.checkRegexes(request.matchers(), "matchers");
        Instant now = Instant.now();
        Silence s = new Silence();
        s.id = UUID.randomUUID();
        s.tenant = tenancy.current().owner(request.tenant());
        s.matchers = TenantScope.matchersOf(request.matchers(), s.tenant);
        s.startsAt = request.startsAt() == null ? now : request.startsAt();
        s.endsAt = request.endsAt();
        if (!s.endsAt.isAfter(s.startsAt) || !s.endsAt.isAfter(now)) {
            throw ProblemException.invalid("endsAt", "must be after startsAt and in the future");
        }
        s.createdBy = tenancy.user();
        s.comment = request.comment();
        s.createdAt = now;
        return Panache.withTransaction(() -> repository.persist(s))
                .invoke(mutes::changed)
                .map(saved -> Response.created(URI.create("/api/v1/silences/" + s.id))
                        .entity(MuteDtos.SilenceView.of(s, Instant.now())).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<MuteDtos.SilenceView>> list(@QueryParam("tenant") String tenant,
            @QueryParam("state") @Pattern(regexp = "pending|active|expired", message = "must be pending, active or expired") String state) {
        Instant now = Instant.now();
        String owner = tenancy.current().filter(tenant);
        Sort newest = Sort.by("startsAt").descending();
        return Panache.withSession(() -> owner == null ? repository.listAll(newest)
                : repository.list("tenant", newest, owner)).map(all -> {
            var views = all.stream().map(s -> MuteDtos.SilenceView.of(s, now))
                    .filter(v -> state == null || v.state().equals(state.toLowerCase(Locale.ROOT))).toList();
            return new Page<>(views, views.size(), 0, views.size());
        });
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<MuteDtos.SilenceView> get(@PathParam("id") UUID id) {
        return Panache.withSession(() -> find(tenancy.current(), id)).map(s -> MuteDtos.SilenceView.of(s, Instant.now()));
    }

    /** Ends the silence now (a pending one never starts); expiring an expired silence changes nothing. */
    @POST
    @Path("{id}/expire")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<MuteDtos.SilenceView> expire(@PathParam("id") UUID id) {
        Instant now = Instant.now();
        TenantScope scope = tenancy.current();
        return Panache.withTransaction(() -> find(scope, id)
                        .invoke(s -> {
                            if (s.state(now) != Silence.State.EXPIRED) {
                                s.endsAt = now;
                                if (s.startsAt.isAfter(now)) {
                                    s.startsAt = now;
                                }
                            }
                        }))
                .invoke(mutes::changed)
                .map(s -> MuteDtos.SilenceView.of(s, now));
    }

    private Uni<Silence> find(TenantScope scope, UUID id) {
        return repository.findById(id).map(s -> scope.visible(s, s == null ? null : s.tenant, "silence", id));
    }
}
