package io.watchkeeper.evaluator.engine;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.evaluator.rule.RuleRepository;
import io.watchkeeper.evaluator.rule.RuleSpec;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;

/**
 * Keeps the engine's rules equal to the database: loaded before the Kafka consumer starts (it starts at
 * library priority), then re-read whenever the rule table changed — how an edit made through another
 * instance reaches this one. Edits made here reach the engine at once (RuleService).
 */
@ApplicationScoped
public class RuleSync {

    private final RuleRepository repository;
    private final Engine engine;
    private String lastSeen;

    public RuleSync(RuleRepository repository, Engine engine) {
        this.repository = repository;
        this.engine = engine;
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 100) StartupEvent start) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> sync().onFailure()
                .retry()
                .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(10))
                .atMost(12));
    }

    @Scheduled(
            every = "${watchkeeper.evaluator.rule-sync}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sync() {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                                "select count(*) || '/' || coalesce(cast(max(updatedAt) as string), '') from Rule",
                                String.class)
                        .getSingleResult()))
                .chain(version -> {
                    if (version.equals(lastSeen)) {
                        return Uni.createFrom().voidItem();
                    }
                    return Panache.withSession(() -> repository.listAll())
                            .map(rules -> rules.stream().map(RuleSpec::of).toList())
                            .chain(this::apply)
                            .invoke(() -> lastSeen = version);
                });
    }

    private Uni<Void> apply(List<RuleSpec> rules) {
        Log.debugf("rules synchronised: %d", rules.size());
        return engine.syncRules(rules);
    }
}
