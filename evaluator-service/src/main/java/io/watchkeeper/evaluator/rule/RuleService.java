package io.watchkeeper.evaluator.rule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.evaluator.engine.Engine;
import io.watchkeeper.platform.labels.LabelMatcher;
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

/** Rules are data: every change is stored, then handed to the running engine (no restart). */
@ApplicationScoped
public class RuleService {

    public static final int DEFAULT_COOLDOWN_MINUTES = 30;
    public static final int DEFAULT_MAX_ALERTS_PER_DAY = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RuleRepository repository;
    private final Engine engine;

    public RuleService(RuleRepository repository, Engine engine) {
        this.repository = repository;
        this.engine = engine;
    }

    public Uni<RuleDtos.View> create(TenantScope scope, RuleDtos.Request request, String user) {
        Rule rule = new Rule();
        rule.id = UUID.randomUUID();
        rule.createdBy = user;
        rule.createdAt = Instant.now();
        apply(rule, scope, request);
        return Panache.withTransaction(() -> repository.persist(rule).map(Snapshot::new))
                .call(saved -> engine.ruleChanged(saved.spec))
                .map(saved -> saved.view);
    }

    public Uni<RuleDtos.View> replace(TenantScope scope, UUID id, RuleDtos.Request request) {
        return Panache.withTransaction(() -> find(scope, id)
                        .invoke(rule -> apply(rule, scope, request))
                        .map(Snapshot::new))
                .call(saved -> engine.ruleChanged(saved.spec))
                .map(saved -> saved.view);
    }

    public Uni<Void> delete(TenantScope scope, UUID id) {
        return Panache.withTransaction(() -> find(scope, id).call(repository::delete))
                .chain(() -> engine.ruleDeleted(id));
    }

    /** The rule when the caller may see it; 404 otherwise. */
    private Uni<Rule> find(TenantScope scope, UUID id) {
        return repository.findById(id).map(r -> scope.visible(r, r == null ? null : r.tenant, "rule", id));
    }

    /** What a committed change hands on: the API view and the engine's immutable copy. */
    private record Snapshot(RuleDtos.View view, RuleSpec spec) {
        Snapshot(Rule rule) {
            this(RuleService.view(rule), RuleSpec.of(rule));
        }
    }

    public Uni<RuleDtos.View> get(TenantScope scope, UUID id) {
        return Panache.withSession(() -> find(scope, id)).map(RuleService::view);
    }

    /** The rules of one tenant ({@code tenant}, as {@link TenantScope#filter} allows), or of all. */
    public Uni<Page<RuleDtos.View>> list(TenantScope scope, String tenant, int page, int size) {
        String owner = scope.filter(tenant);
        Sort order = Sort.by("name").and("id");
        return Panache.withSession(() -> {
            var query = owner == null ? repository.findAll(order) : repository.find("tenant", order, owner);
            return Uni.combine()
                    .all()
                    .unis(query.page(page, size).list(), query.count())
                    .with((rules, total) ->
                            new Page<>(rules.stream().map(RuleService::view).toList(), total, page, size));
        });
    }

    private static void apply(Rule rule, TenantScope scope, RuleDtos.Request r) {
        rule.tenant = scope.owner(r.tenant(), r.labels());
        rule.name = r.name();
        rule.description = r.description();
        rule.type = r.type();
        List<LabelMatcher> matchers = r.matchers() == null ? List.of() : r.matchers();
        LabelMatcher.checkRegexes(matchers, "matchers");
        rule.matchers = TenantScope.matchersOf(matchers, rule.tenant);
        Conditions.parse(r.type(), r.condition());
        rule.condition = r.condition().toString();
        rule.severity = r.severity() == null ? Severity.WARNING : r.severity();
        rule.priority = r.priority() == null ? Priority.MEDIUM : r.priority();
        rule.forSeconds = optionalDuration("for", r.pendingFor()).toSeconds();
        rule.keepFiringForSeconds =
                optionalDuration("keepFiringFor", r.keepFiringFor()).toSeconds();
        rule.cooldownMinutes = r.cooldownMinutes() == null ? DEFAULT_COOLDOWN_MINUTES : r.cooldownMinutes();
        rule.maxAlertsPerDay = r.maxAlertsPerDay() == null ? DEFAULT_MAX_ALERTS_PER_DAY : r.maxAlertsPerDay();
        rule.labels = r.labels() == null ? Map.of() : Map.copyOf(r.labels());
        rule.annotations = r.annotations() == null ? Map.of() : Map.copyOf(r.annotations());
        rule.enabled = r.enabled() == null || r.enabled();
        rule.updatedAt = Instant.now();
    }

    /** Absent or empty = zero; otherwise a positive duration such as {@code 2m}. */
    private static Duration optionalDuration(String field, String text) {
        if (text == null || text.isBlank() || text.equals("0") || text.equals("0s")) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, e.getMessage());
        }
    }

    static RuleDtos.View view(Rule r) {
        JsonNode condition;
        try {
            condition = JSON.readTree(r.condition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new RuleDtos.View(
                r.id,
                r.name,
                r.tenant,
                r.description,
                r.type,
                r.matchers,
                condition,
                r.severity,
                r.priority,
                r.forSeconds == 0 ? null : Durations.format(Duration.ofSeconds(r.forSeconds)),
                r.keepFiringForSeconds == 0 ? null : Durations.format(Duration.ofSeconds(r.keepFiringForSeconds)),
                r.cooldownMinutes,
                r.maxAlertsPerDay,
                r.labels,
                r.annotations,
                r.enabled,
                r.createdBy,
                r.createdAt,
                r.updatedAt);
    }
}
