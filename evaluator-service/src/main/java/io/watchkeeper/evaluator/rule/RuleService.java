package io.watchkeeper.evaluator.rule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.platform.time.Durations;
import io.watchkeeper.platform.labels.LabelMatcher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.evaluator.engine.Engine;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
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

    public Uni<RuleDtos.View> create(RuleDtos.Request request, String user) {
        Rule rule = new Rule();
        rule.id = UUID.randomUUID();
        rule.createdBy = user;
        rule.createdAt = Instant.now();
        apply(rule, request);
        return Panache.withTransaction(() -> repository.persist(rule).map(Snapshot::new))
                .call(saved -> engine.ruleChanged(saved.spec))
                .map(saved -> saved.view);
    }

    public Uni<RuleDtos.View> replace(UUID id, RuleDtos.Request request) {
        return Panache.withTransaction(() -> repository.findById(id)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("rule", id))
                        .invoke(rule -> apply(rule, request))
                        .map(Snapshot::new))
                .call(saved -> engine.ruleChanged(saved.spec))
                .map(saved -> saved.view);
    }

    public Uni<Void> delete(UUID id) {
        return Panache.withTransaction(() -> repository.deleteById(id))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ProblemException.notFound("rule", id);
                    }
                })
                .chain(() -> engine.ruleDeleted(id));
    }

    /** What a committed change hands on: the API view and the engine's immutable copy. */
    private record Snapshot(RuleDtos.View view, RuleSpec spec) {
        Snapshot(Rule rule) {
            this(RuleService.view(rule), RuleSpec.of(rule));
        }
    }

    public Uni<RuleDtos.View> get(UUID id) {
        return repository.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("rule", id))
                .map(RuleService::view);
    }

    public Uni<Page<RuleDtos.View>> list(int page, int size) {
        return Panache.withSession(() -> Uni.combine().all().unis(
                        repository.findAll(Sort.by("name").and("id")).page(page, size).list(),
                        repository.count())
                .with((rules, total) -> new Page<>(rules.stream().map(RuleService::view).toList(), total, page, size)));
    }

    private static void apply(Rule rule, RuleDtos.Request r) {
        rule.name = r.name();
        rule.description = r.description();
        rule.type = r.type();
        rule.matchers = r.matchers() == null ? List.of() : List.copyOf(r.matchers());
        LabelMatcher.checkRegexes(rule.matchers, "matchers");
        Conditions.parse(r.type(), r.condition());
        rule.condition = r.condition().toString();
        rule.severity = r.severity() == null ? Severity.WARNING : r.severity();
        rule.priority = r.priority() == null ? Priority.MEDIUM : r.priority();
        rule.forSeconds = optionalDuration("for", r.pendingFor()).toSeconds();
        rule.keepFiringForSeconds = optionalDuration("keepFiringFor", r.keepFiringFor()).toSeconds();
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
        return new RuleDtos.View(r.id, r.name, r.description, r.type, r.matchers, condition, r.severity,
                r.priority, r.forSeconds == 0 ? null : Durations.format(Duration.ofSeconds(r.forSeconds)),
                r.keepFiringForSeconds == 0 ? null : Durations.format(Duration.ofSeconds(r.keepFiringForSeconds)),
                r.cooldownMinutes, r.maxAlertsPerDay, r.labels, r.annotations, r.enabled, r.createdBy, r.createdAt,
                r.updatedAt);
    }
}
