package io.watchkeeper.evaluator.rule;

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
                .invoke(saved -> engine.ruleChanged(saved.spec))
                .map(saved -> saved.view);
    }

    public Uni<RuleDtos.View> replace(UUID id, RuleDtos.Request request) {
        return Panache.withTransaction(() -> repository.findById(id)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("rule", id))
                        .invoke(rule -> apply(rule, request))
                        .map(Snapshot::new))
                .invoke(saved -> engine.ruleChanged(saved.spec))
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
            this(RuleDtos.View.of(rule), RuleSpec.of(rule));
        }
    }

    public Uni<RuleDtos.View> get(UUID id) {
        return repository.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("rule", id))
                .map(RuleDtos.View::of);
    }

    public Uni<Page<RuleDtos.View>> list(int page, int size) {
        return Panache.withSession(() -> Uni.combine().all().unis(
                        repository.findAll(Sort.by("name").and("id")).page(page, size).list(),
                        repository.count())
                .with((rules, total) -> new Page<>(rules.stream().map(RuleDtos.View::of).toList(), total, page, size)));
    }

    /** Every rule as the engine sees it. */
    public Uni<List<RuleSpec>> specs() {
        return Panache.withSession(() -> repository.listAll())
                .map(rules -> rules.stream().map(RuleSpec::of).toList());
    }

    private static void apply(Rule rule, RuleDtos.Request r) {
        rule.name = r.name();
        rule.description = r.description();
        rule.type = r.type();
        rule.metric = r.metric();
        rule.matchers = r.matchers() == null ? List.of() : List.copyOf(r.matchers());
        LabelMatcher.checkRegexes(rule.matchers, "matchers");
        rule.graceSeconds = switch (r.type()) {
            case ABSENCE -> grace(r.grace()).toSeconds();
        };
        rule.severity = r.severity() == null ? Severity.WARNING : r.severity();
        rule.labels = r.labels() == null ? Map.of() : Map.copyOf(r.labels());
        rule.annotations = r.annotations() == null ? Map.of() : Map.copyOf(r.annotations());
        rule.enabled = r.enabled() == null || r.enabled();
        rule.updatedAt = Instant.now();
    }

    private static Duration grace(String text) {
        Duration grace;
        try {
            grace = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("grace", e.getMessage());
        }
        if (grace.toSeconds() < 1) {
            throw ProblemException.invalid("grace", "must be at least 1s");
        }
        return grace;
    }
}
