package io.watchkeeper.notifier.mute;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Creating, listing and deleting inhibit rules; every change reaches {@link Mutes} once committed. */
@ApplicationScoped
public class InhibitRuleService {

    private final InhibitRuleRepository repository;
    private final Mutes mutes;

    public InhibitRuleService(InhibitRuleRepository repository, Mutes mutes) {
        this.repository = repository;
        this.mutes = mutes;
    }

    public Uni<MuteDtos.InhibitRuleView> create(TenantScope scope, MuteDtos.CreateInhibitRule request, String user) {
        LabelMatcher.checkRegexes(request.sourceMatchers(), "sourceMatchers");
        LabelMatcher.checkRegexes(request.targetMatchers(), "targetMatchers");
        InhibitRule r = new InhibitRule();
        r.id = UUID.randomUUID();
        r.name = request.name();
        r.tenant = scope.owner(request.tenant());
        r.sourceMatchers = TenantScope.matchersOf(request.sourceMatchers(), r.tenant);
        r.targetMatchers = TenantScope.matchersOf(request.targetMatchers(), r.tenant);
        r.equal = request.equal() == null ? List.of() : List.copyOf(request.equal());
        r.createdBy = user;
        r.createdAt = Instant.now();
        return Panache.withTransaction(() -> repository.persist(r))
                .invoke(mutes::changed)
                .map(saved -> MuteDtos.InhibitRuleView.of(r));
    }

    /** The rules of one tenant ({@code null}: of all), oldest first. */
    public Uni<Page<MuteDtos.InhibitRuleView>> list(String tenant, int page, int size) {
        Sort oldest = Sort.by("createdAt").and("id");
        return Panache.withSession(() -> {
            var query = tenant == null ? repository.findAll(oldest) : repository.find("tenant", oldest, tenant);
            return Uni.combine()
                    .all()
                    .unis(query.page(page, size).list(), query.count())
                    .with((rules, total) -> new Page<>(
                            rules.stream().map(MuteDtos.InhibitRuleView::of).toList(), total, page, size));
        });
    }

    public Uni<MuteDtos.InhibitRuleView> get(TenantScope scope, UUID id) {
        return Panache.withSession(() -> find(scope, id)).map(MuteDtos.InhibitRuleView::of);
    }

    public Uni<Void> delete(TenantScope scope, UUID id) {
        return Panache.withTransaction(() -> find(scope, id).call(repository::delete))
                .invoke(mutes::changed)
                .replaceWithVoid();
    }

    private Uni<InhibitRule> find(TenantScope scope, UUID id) {
        return repository.findById(id).map(r -> scope.visible(r, r == null ? null : r.tenant, "inhibit rule", id));
    }
}
