package io.watchkeeper.evaluator.engine;

import io.watchkeeper.platform.time.Durations;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.evaluator.alert.AlertService;
import io.watchkeeper.evaluator.alert.Fingerprints;
import io.watchkeeper.evaluator.rule.RuleRepository;
import io.watchkeeper.evaluator.rule.RuleSpec;
import io.watchkeeper.evaluator.rule.RuleType;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The streaming engine. State per (rule, series) lives in memory; the database sees only alert
 * transitions and periodic checkpoints. Absence is checked on every matching event (a returning series
 * resolves at once) and on a timer (silence needs no traffic to be noticed).
 */
@ApplicationScoped
public class Engine {

    private record SeriesId(UUID ruleId, String fingerprint) {
    }

    private final RuleRepository rulesRepository;
    private final AlertService alerts;
    private final SeriesStateStore store;
    private final MeterRegistry registry;
    private final Map<UUID, RuleSpec> rules = new ConcurrentHashMap<>();
    private final Map<SeriesId, Series> series = new ConcurrentHashMap<>();
    private final Map<SeriesId, Series> removed = new ConcurrentHashMap<>();

    public Engine(RuleRepository rulesRepository, AlertService alerts, SeriesStateStore store,
            MeterRegistry registry) {
        this.rulesRepository = rulesRepository;
        this.alerts = alerts;
        this.store = store;
        this.registry = registry;
        registry.gaugeMapSize("watchkeeper_evaluator_series", List.of(), series);
        registry.gaugeMapSize("watchkeeper_evaluator_rules", List.of(), rules);
    }

    /**
     * Restores rules, open alerts and checkpointed series before the Kafka consumer starts (it starts
     * at library priority), so no event is evaluated against an empty engine.
     */
    void restore(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 100) StartupEvent start)
            throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> rulesRepository.listAll())
                .chain(all -> alerts.openByFingerprint().chain(open -> store.loadAll().invoke(saved -> {
                    all.forEach(r -> rules.put(r.id, RuleSpec.of(r)));
                    for (Series s : saved) {
                        s.openAlertId(open.get(s.fingerprint));
                        series.put(new SeriesId(s.ruleId, s.fingerprint), s);
                    }
                    Log.infof("engine restored %d rules, %d series, %d open alerts", rules.size(), series.size(),
                            open.size());
                })))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(10)).atMost(12)
                .replaceWithVoid());
    }

    /** Evaluates one metric event; completes when any transition it caused is committed. */
    public Uni<Void> onMetric(MetricEvent event) {
        Instant now = Instant.now();
        Instant seen = event.observedAt().isAfter(now) ? now : event.observedAt();
        List<Uni<Void>> work = new ArrayList<>();
        for (RuleSpec rule : rules.values()) {
            if (rule.enabled() && rule.type() == RuleType.ABSENCE && rule.selects(event.metric(), event.labels())) {
                String fingerprint = Fingerprints.of(rule.id(), event.labels());
                Series s = series.computeIfAbsent(new SeriesId(rule.id(), fingerprint),
                        id -> new Series(rule.id(), fingerprint, event.labels(), seen));
                s.observe(seen);
                if (s.openAlertId() != null) {
                    work.add(reconcile(s));
                }
            }
        }
        return work.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(work).andFailFast().replaceWithVoid();
    }

    @Scheduled(every = "${watchkeeper.evaluator.tick}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        Instant now = Instant.now();
        List<Series> due = series.values().stream()
                .filter(s -> {
                    RuleSpec rule = rules.get(s.ruleId);
                    return rule != null && rule.enabled() && overdue(rule, s, now) != (s.openAlertId() != null);
                })
                .toList();
        return Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(s -> reconcile(s)
                        .onFailure().recoverWithItem(e -> {
                            Log.warnf("alert transition for %s failed, retrying on the next tick: %s",
                                    s.fingerprint, e.getMessage());
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    @Scheduled(every = "${watchkeeper.evaluator.checkpoint-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> checkpoint() {
        List<Series> changed = series.values().stream().filter(Series::takeUnsaved).toList();
        List<Series> gone = List.copyOf(removed.values());
        return store.save(changed).chain(() -> store.delete(gone))
                .invoke(() -> gone.forEach(s -> removed.remove(new SeriesId(s.ruleId, s.fingerprint))))
                .onFailure().invoke(e -> {
                    changed.forEach(Series::markUnsaved);
                    Log.warnf("checkpoint failed, retrying: %s", e.getMessage());
                })
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** A created or changed rule: series it no longer selects are dropped and their alerts resolved. */
    public Uni<Void> ruleChanged(RuleSpec rule) {
        rules.put(rule.id(), rule);
        return drop(s -> s.ruleId.equals(rule.id())
                && (!rule.enabled() || !rule.selects(rule.metric(), s.labels)), "rule " + rule.name() + " changed");
    }

    public Uni<Void> ruleDeleted(UUID ruleId) {
        rules.remove(ruleId);
        return drop(s -> s.ruleId.equals(ruleId), "rule deleted");
    }

    private Uni<Void> drop(java.util.function.Predicate<Series> which, String reason) {
        List<Series> dropped = series.values().stream().filter(which).toList();
        dropped.forEach(s -> {
            SeriesId id = new SeriesId(s.ruleId, s.fingerprint);
            series.remove(id);
            removed.put(id, s);
        });
        return Multi.createFrom().iterable(dropped)
                .filter(s -> s.openAlertId() != null)
                .onItem().transformToUniAndConcatenate(s -> alerts.resolve(s.openAlertId(), "resolved: " + reason))
                .collect().last().replaceWithVoid();
    }

    /** Brings the alert of a series in line with its condition; transitions of one series never overlap. */
    private Uni<Void> reconcile(Series s) {
        if (!s.begin()) {
            return Uni.createFrom().voidItem();
        }
        return step(s).onTermination().call(() -> s.end() ? reconcile(s) : Uni.createFrom().voidItem());
    }

    private Uni<Void> step(Series s) {
        RuleSpec rule = rules.get(s.ruleId);
        if (rule == null || !rule.enabled()) {
            return Uni.createFrom().voidItem();
        }
        boolean overdue = overdue(rule, s, Instant.now());
        UUID open = s.openAlertId();
        if (overdue && open == null) {
            AlertService.Firing firing = absenceFiring(rule, s);
            return alerts.fire(firing).invoke(id -> {
                s.openAlertId(id);
                transitions("firing");
                Log.infof("alert %s firing: %s", id, firing.title());
            }).replaceWithVoid();
        }
        if (!overdue && open != null) {
            return alerts.resolve(open, rule.metric() + " received again at " + s.lastSeen()).invoke(() -> {
                s.openAlertId(null);
                transitions("resolved");
                Log.infof("alert %s resolved (%s)", open, s.fingerprint);
            });
        }
        return Uni.createFrom().voidItem();
    }

    private static boolean overdue(RuleSpec rule, Series s, Instant now) {
        return now.isAfter(s.lastSeen().plus(rule.grace()));
    }

    private static AlertService.Firing absenceFiring(RuleSpec rule, Series s) {
        String grace = Durations.format(rule.grace());
        String series = new TreeMap<>(s.labels).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        Map<String, String> labels = new HashMap<>(s.labels);
        labels.putAll(rule.labels());
        labels.put("alertname", rule.name());
        return new AlertService.Firing(rule.id(), rule.name(), rule.type().wireName(), s.fingerprint,
                rule.severity(),
                rule.name() + ": no " + rule.metric() + " from " + (series.isEmpty() ? "any series" : series)
                        + " for " + grace,
                "last " + rule.metric() + " at " + s.lastSeen() + "; expected at least every " + grace,
                labels, rule.annotations(), null, null, s.lastSeen().plus(rule.grace()));
    }

    private void transitions(String to) {
        registry.counter("watchkeeper_evaluator_transitions_total", "to", to, "type", "absence").increment();
    }
}
