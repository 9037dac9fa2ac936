package io.watchkeeper.notifier.action;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.notifier.NotifierConfig;
import io.watchkeeper.notifier.alert.SampleAlert;
import io.watchkeeper.notifier.channel.RequestBodies;
import io.watchkeeper.platform.crypto.SecretBox;
import io.watchkeeper.platform.db.CachedRead;
import io.watchkeeper.platform.kafka.BackgroundWork;
import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.net.UrlGuard;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The remediation actions: creating them (checked: a tenant's workloads only, a body that renders), reading,
 * deleting; the automatic ones cached for {@link ActionRunner} for at most {@code config-cache}.
 */
@ApplicationScoped
public class ActionService {

    private final ActionRepository repository;
    private final RequestBodies bodies;
    private final SecretBox secrets;
    private final UrlGuard urls;
    /** The automatic actions, read at most every config-cache (this instance's changes at once). */
    private final CachedRead<List<Action>> automatic;

    private final String tenantNamespaceSuffix;

    public ActionService(
            ActionRepository repository,
            RequestBodies bodies,
            SecretBox secrets,
            UrlGuard urls,
            BackgroundWork background,
            NotifierConfig config) {
        this.tenantNamespaceSuffix = config.tenantNamespaceSuffix();
        // a session of its own: the consumer may be inside one of its own
        this.automatic = new CachedRead<>(
                () -> background.isolated(
                        () -> Panache.withSession(() -> repository.list("automatic", Sort.by("name"), true))),
                config.configCache());
        this.repository = repository;
        this.bodies = bodies;
        this.secrets = secrets;
        this.urls = urls;
    }

    public Uni<ActionDtos.View> create(TenantScope scope, ActionDtos.Create request, String user) {
        LabelMatcher.checkRegexes(request.matchers(), "matchers");
        ActionDtos.TargetSpec t = request.target();
        Action a = new Action();
        a.id = UUID.randomUUID();
        a.name = request.name();
        a.tenant = scope.owner(request.tenant());
        a.type = request.type();
        a.matchers = TenantScope.matchersOf(request.matchers(), a.tenant);
        a.automatic = Boolean.TRUE.equals(request.automatic());
        a.cooldownSeconds = (request.cooldownMinutes() == null ? 10 : request.cooldownMinutes()) * 60;
        if (Action.K8S_ROLLOUT_RESTART.equals(request.type())) {
            require(t.namespace(), "target.namespace");
            require(t.name(), "target.name");
            if (a.tenant != null && !Pattern.matches(Pattern.quote(a.tenant) + tenantNamespaceSuffix, t.namespace())) {
                throw ProblemException.invalid(
                        "target.namespace", "is not one of tenant " + a.tenant + "'s namespaces");
            }
            a.target =
                    new Action.Target(t.namespace(), t.kind() == null ? "deployment" : t.kind(), t.name(), null, null);
        } else if (Action.HTTP.equals(request.type())) {
            require(request.url(), "url");
            urls.check(request.url(), "url");
            require(t.bodyTemplate(), "target.bodyTemplate");
            try {
                bodies.render(t.bodyTemplate(), RequestBodies.JSON, RequestBodies.values(SampleAlert.firing()));
            } catch (RuntimeException e) {
                throw ProblemException.invalid("target.bodyTemplate", "cannot be rendered: " + e.getMessage());
            }
            a.target = new Action.Target(null, null, null, t.method() == null ? "POST" : t.method(), t.bodyTemplate());
            a.secret = secrets.seal(request.url());
        } else {
            throw ProblemException.invalid(
                    "type", "must be one of [" + Action.K8S_ROLLOUT_RESTART + ", " + Action.HTTP + "]");
        }
        a.createdBy = user;
        a.createdAt = Instant.now();
        return Panache.withTransaction(() -> repository
                        .find("name = ?1 and coalesce(tenant, '') = ?2", a.name, a.tenant == null ? "" : a.tenant)
                        .firstResult()
                        .chain(existing -> existing != null
                                ? Uni.createFrom()
                                        .failure(ProblemException.conflict("an action named " + a.name + " exists"))
                                : repository.persist(a)))
                .invoke(automatic::invalidate)
                .map(ActionDtos.View::of);
    }

    public Uni<ActionDtos.View> get(TenantScope scope, UUID id) {
        return Panache.withSession(() -> find(scope, id)).map(ActionDtos.View::of);
    }

    /** The actions of one tenant ({@code null}: of all), by name. */
    public Uni<Page<ActionDtos.View>> list(String tenant, int page, int size) {
        Sort byName = Sort.by("name").and("id");
        return Panache.withSession(() -> {
            var query = tenant == null ? repository.findAll(byName) : repository.find("tenant", byName, tenant);
            return Uni.combine()
                    .all()
                    .unis(query.page(page, size).list(), query.count())
                    .with((actions, total) ->
                            new Page<>(actions.stream().map(ActionDtos.View::of).toList(), total, page, size));
        });
    }

    public Uni<Void> delete(TenantScope scope, UUID id) {
        return Panache.withTransaction(() -> find(scope, id).call(repository::delete))
                .invoke(automatic::invalidate)
                .replaceWithVoid();
    }

    /** The automatic actions (cached). */
    Uni<List<Action>> automatic() {
        return automatic.get();
    }

    /** Every action, read now. */
    Uni<List<Action>> all() {
        return Panache.withSession(() -> repository.listAll(Sort.by("name")));
    }

    private Uni<Action> find(TenantScope scope, UUID id) {
        return repository.findById(id).map(a -> scope.visible(a, a == null ? null : a.tenant, "action", id));
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
    }
}
