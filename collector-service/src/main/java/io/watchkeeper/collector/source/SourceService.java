package io.watchkeeper.collector.source;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.CollectorConfig;
import io.watchkeeper.collector.source.adapter.Adapters;
import io.watchkeeper.collector.source.adapter.BalanceAdapter;
import io.watchkeeper.collector.source.poll.Poller;
import io.watchkeeper.platform.crypto.SecretBox;
import io.watchkeeper.platform.net.UrlGuard;
import io.watchkeeper.platform.problem.Problem;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import io.watchkeeper.platform.time.Durations;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sources are managed at run time; the poller reads them afresh at every cycle. */
@ApplicationScoped
public class SourceService {

    private final SourceRepository repository;
    private final Adapters adapters;
    private final SecretBox secrets;
    private final UrlGuard urls;
    private final Poller poller;
    private final Duration defaultInterval;
    private final Duration minInterval;
    private final Duration refreshCooldown;

    public SourceService(
            SourceRepository repository,
            Adapters adapters,
            SecretBox secrets,
            UrlGuard urls,
            Poller poller,
            CollectorConfig config) {
        this.repository = repository;
        this.adapters = adapters;
        this.secrets = secrets;
        this.urls = urls;
        this.poller = poller;
        this.defaultInterval = config.poll().defaultInterval();
        this.minInterval = config.poll().minInterval();
        this.refreshCooldown = config.refreshCooldown();
    }

    public Uni<SourceDtos.View> create(TenantScope scope, SourceDtos.Request request, String user) {
        if (request.credential() == null || request.credential().isBlank()) {
            throw ProblemException.invalid("credential", "is required");
        }
        Source s = new Source();
        s.id = UUID.randomUUID();
        s.createdBy = user;
        s.createdAt = Instant.now();
        s.nextPollAt = s.createdAt;
        apply(s, scope, request);
        return Panache.withTransaction(() -> nameTaken(s.id, s.tenant, s.name).chain(() -> repository.persist(s)))
                .invoke(poller::wake)
                .map(this::view);
    }

    public Uni<SourceDtos.View> replace(TenantScope scope, UUID id, SourceDtos.Request request) {
        return Panache.withTransaction(() -> find(scope, id) // another tenant's source: 404 before anything else
                        .call(s -> nameTaken(id, scope.owner(request.tenant(), request.labels()), request.name()))
                        .invoke(s -> apply(s, scope, request)))
                .map(this::view);
    }

    /** 409 when another source of the same tenant has the name (other tenants' names are theirs). */
    private Uni<Void> nameTaken(UUID id, String tenant, String name) {
        return repository
                .find("name = ?1 and id <> ?2 and coalesce(tenant, '') = ?3", name, id, tenant == null ? "" : tenant)
                .firstResult()
                .invoke(other -> {
                    if (other != null) {
                        throw ProblemException.conflict("a source named " + name + " exists");
                    }
                })
                .replaceWithVoid();
    }

    public Uni<Void> delete(TenantScope scope, UUID id) {
        return Panache.withTransaction(() -> find(scope, id).call(repository::delete))
                .replaceWithVoid();
    }

    public Uni<SourceDtos.View> get(TenantScope scope, UUID id) {
        return Panache.withSession(() -> find(scope, id)).map(this::view);
    }

    /** The source when the caller may see it; 404 otherwise. */
    private Uni<Source> find(TenantScope scope, UUID id) {
        return repository.findById(id).map(s -> scope.visible(s, s == null ? null : s.tenant, "source", id));
    }

    public Uni<Page<SourceDtos.View>> list(TenantScope scope, String tenant, int page, int size) {
        String owner = scope.filter(tenant);
        return Panache.withSession(() -> {
            var query = owner == null
                    ? repository.findAll(Sort.by("name"))
                    : repository.find("tenant", Sort.by("name"), owner);
            return Uni.combine()
                    .all()
                    .unis(query.page(page, size).list(), query.count())
                    .with((sources, total) ->
                            new Page<>(sources.stream().map(this::view).toList(), total, page, size));
        });
    }

    /** Polls one source now, unless it was refreshed within the cool-down (then 429 with Retry-After). */
    public Uni<Void> refresh(TenantScope scope, UUID id) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> find(scope, id).invoke(s -> {
                    if (s.lastRefreshAt != null
                            && s.lastRefreshAt.plus(refreshCooldown).isAfter(now)) {
                        throw ProblemException.tooManyRequests(
                                "source " + s.name + " was refreshed at " + s.lastRefreshAt + "; the cool-down is "
                                        + Durations.format(refreshCooldown),
                                Duration.between(now, s.lastRefreshAt.plus(refreshCooldown)));
                    }
                    s.lastRefreshAt = now;
                    s.nextPollAt = now;
                }))
                .invoke(poller::wake)
                .replaceWithVoid();
    }

    /** Polls every enabled source of the caller's tenants that is not cooling down; returns how many. */
    public Uni<Integer> refreshAll(TenantScope scope) {
        Instant now = Instant.now();
        String due = "enabled = true and (lastRefreshAt is null or lastRefreshAt < ?1)";
        return Panache.withTransaction(() -> (scope.isPlatform()
                                ? repository.list(due, now.minus(refreshCooldown))
                                : repository.list(due + " and tenant = ?2", now.minus(refreshCooldown), scope.tenant()))
                        .invoke(sources -> sources.forEach(s -> {
                            s.lastRefreshAt = now;
                            s.nextPollAt = now;
                        })))
                .invoke(poller::wake)
                .map(List::size);
    }

    private void apply(Source s, TenantScope scope, SourceDtos.Request r) {
        s.tenant = scope.owner(r.tenant(), r.labels());
        BalanceAdapter adapter = adapters.of(r.provider())
                .orElseThrow(() -> ProblemException.invalid("provider", "must be one of " + adapters.providers()));
        Map<String, String> settings = r.settings() == null ? Map.of() : Map.copyOf(r.settings());
        String baseUrl = r.baseUrl() == null || r.baseUrl().isBlank()
                ? null
                : r.baseUrl().trim();
        if (baseUrl != null) {
            urls.check(baseUrl, "baseUrl");
        }
        Map<String, String> problems = adapter.validate(settings, baseUrl);
        if (!problems.isEmpty()) {
            throw new ProblemException(
                    400,
                    "Bad Request",
                    String.join(
                            "; ",
                            problems.entrySet().stream()
                                    .map(e -> e.getKey() + ": " + e.getValue())
                                    .sorted()
                                    .toList()),
                    problems.entrySet().stream()
                            .map(e -> new Problem.FieldError(e.getKey(), e.getValue()))
                            .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                            .toList());
        }
        Duration interval;
        try {
            interval = r.pollInterval() == null ? defaultInterval : Durations.parse(r.pollInterval());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("pollInterval", e.getMessage());
        }
        if (interval.compareTo(minInterval) < 0) {
            throw ProblemException.invalid("pollInterval", "must be at least " + Durations.format(minInterval));
        }
        s.name = r.name();
        s.provider = r.provider();
        s.baseUrl = baseUrl;
        if (r.credential() != null && !r.credential().isBlank()) {
            s.credential = secrets.seal(r.credential());
            s.credentialHint = SecretBox.hint(r.credential());
        }
        if (s.pollIntervalMs != interval.toMillis() && s.lastPolledAt != null) {
            // a new interval counts from the last poll, not from the old schedule
            s.nextPollAt = s.lastPolledAt.plus(interval);
        }
        s.pollIntervalMs = interval.toMillis();
        s.labels = TenantScope.withTenantLabel(r.labels(), s.tenant);
        s.thresholds = r.thresholds() == null ? Map.of() : Map.copyOf(r.thresholds());
        s.settings = settings;
        s.enabled = r.enabled() == null || r.enabled();
        s.updatedAt = Instant.now();
    }

    private SourceDtos.View view(Source s) {
        String effective = s.baseUrl != null
                ? s.baseUrl
                : adapters.of(s.provider).map(BalanceAdapter::defaultBaseUrl).orElse(null);
        return SourceDtos.View.of(s, effective);
    }
}
