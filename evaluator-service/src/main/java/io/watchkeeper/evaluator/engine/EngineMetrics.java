package io.watchkeeper.evaluator.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine's meters: events by outcome, evaluation and tick time, evictions, faults, checkpoint pauses, the
 * transitions committed and how long after it was due an alert fired; gauges of rules, partitions and bindings.
 */
final class EngineMetrics {

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5)
    };

    private final MeterRegistry registry;
    final Counter accepted;
    final Counter duplicates;
    final Counter late;
    final Counter future;
    final Counter unprocessable;
    final Counter faults;
    final Counter evicted;
    final Counter failedTransitions;
    final Timer snapshot;
    final Timer evaluation;
    final Timer tick;
    final Timer transitions;
    final Timer detection;

    EngineMetrics(MeterRegistry registry, RuleIndex rules, Map<Integer, PartitionState> partitions) {
        this.registry = registry;
        this.accepted = registry.counter("watchkeeper_evaluator_events_total", "outcome", "accepted");
        this.duplicates = registry.counter("watchkeeper_evaluator_events_total", "outcome", "duplicate");
        this.late = registry.counter("watchkeeper_evaluator_events_total", "outcome", "late");
        this.future = registry.counter("watchkeeper_evaluator_events_total", "outcome", "future");
        this.unprocessable = registry.counter("watchkeeper_evaluator_events_total", "outcome", "unprocessable");
        this.faults = registry.counter("watchkeeper_evaluator_binding_faults_total");
        this.evicted = registry.counter("watchkeeper_evaluator_bindings_evicted_total");
        this.failedTransitions = registry.counter("watchkeeper_evaluator_transitions_failed_total");
        this.snapshot = Timer.builder("watchkeeper_evaluator_checkpoint_snapshot")
                .description("time the engine is paused to snapshot a checkpoint")
                .register(registry);
        this.evaluation = Timer.builder("watchkeeper_evaluator_batch_evaluation")
                .description("in-memory evaluation of one batch of events")
                .register(registry);
        this.transitions = Timer.builder("watchkeeper_evaluator_transitions_batch")
                .description("committing the alert transitions one batch (or tick) caused")
                .register(registry);
        this.detection = Timer.builder("watchkeeper_evaluator_detection")
                .description("from when an alert was due (its condition held, plus for) to its firing committed")
                .publishPercentiles(0.5, 0.99)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        this.tick = Timer.builder("watchkeeper_evaluator_tick")
                .description("in-memory re-evaluation of every binding on the tick")
                .register(registry);
        registry.gauge(
                "watchkeeper_evaluator_rules", List.of(), rules, r -> r.all().size());
        registry.gaugeMapSize("watchkeeper_evaluator_partitions", List.of(), partitions);
        registry.gauge("watchkeeper_evaluator_bindings", partitions, p -> p.values().stream()
                .mapToInt(s -> s.bindings.size())
                .sum());
    }

    /** An alert transition committed: to which state, of which rule type. */
    void transition(String to, String type) {
        registry.counter("watchkeeper_evaluator_transitions_total", "to", to, "type", type)
                .increment();
    }

    static void since(Timer timer, long startedNanos) {
        timer.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
