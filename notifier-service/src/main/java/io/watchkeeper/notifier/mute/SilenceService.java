package io.watchkeeper.notifier.mute;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Creating, listing and expiring silences; every change reaches {@link Mutes} once committed. */
@ApplicationScoped
public class SilenceService {

    private final SilenceRepository repository;
    private final Mutes mutes;

    public SilenceService(SilenceRepository repository, Mutes mutes) {
        this.repository = repository;
        this.mutes = mutes;
    }

    public Uni<MuteDtos.SilenceView> create(TenantScope scope, MuteDtos.CreateSilence request, String user) {
        LabelMatcher.checkRegexes(request.matchers(), "matchers");
        Instant now = Instant.now();
        Silence s = new Silence();
        s.id = UUID.randomUUID();
        s.tenant = scope.owner(request.tenant());
        s.matchers = TenantScope.matchersOf(request.matchers(), s.tenant);
        s.startsAt = request.startsAt() == null ? now : request.startsAt();
        s.endsAt = request.endsAt();
        if (!s.endsAt.isAfter(s.startsAt) || !s.endsAt.isAfter(now)) {
            throw ProblemException.invalid("endsAt", "must be after startsAt and in the future");
        }
        s.createdBy = user;
        s.comment = request.comment();
        s.createdAt = now;
        return Panache.withTransaction(() -> repository.persist(s))
                .invoke(mutes::changed)
                .map(saved -> MuteDtos.SilenceView.of(s, Instant.now()));
    }

    /** The silences of one tenant ({@code null}: of all), in one state or any, newest start first. */
    public Uni<Page<MuteDtos.SilenceView>> list(String tenant, Silence.State state, int page, int size) {
        Instant now = Instant.now();
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (tenant != null) {
            where.add("tenant = :tenant");
            params.and("tenant", tenant);
        }
        if (state != null) {
            where.add(
                    switch (state) {
                        case PENDING -> "startsAt > :now";
                        case ACTIVE -> "startsAt <= :now and endsAt > :now";
                        case EXPIRED -> "endsAt <= :now";
                    });
            params.and("now", now);
        }
        return Panache.withSession(() -> {
            Sort newest = Sort.by("startsAt").descending().and("id");
            var query = where.isEmpty()
                    ? repository.findAll(newest)
                    : repository.find(String.join(" and ", where), newest, params);
            return Uni.combine()
                    .all()
                    .unis(query.page(page, size).list(), query.count())
                    .with((silences, total) -> new Page<>(
                            silences.stream()
                                    .map(s -> MuteDtos.SilenceView.of(s, now))
                                    .toList(),
                            total,
                            page,
                            size));
        });
    }

    public Uni<MuteDtos.SilenceView> get(TenantScope scope, UUID id) {
        return Panache.withSession(() -> find(scope, id)).map(s -> MuteDtos.SilenceView.of(s, Instant.now()));
    }

    /** Ends the silence now (a pending one never starts); expiring an expired silence changes nothing. */
    public Uni<MuteDtos.SilenceView> expire(TenantScope scope, UUID id) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> find(scope, id).invoke(s -> {
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
