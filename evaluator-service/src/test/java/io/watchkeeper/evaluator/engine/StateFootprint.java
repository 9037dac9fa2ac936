package io.watchkeeper.evaluator.engine;

import io.watchkeeper.evaluator.rule.RuleSpec;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/**
 * How much heap the engine's state takes per binding, in the shape of {@code engine-bench.sh}: 1,000 threshold rules
 * (even: {@code last} over 5 m, odd: {@code avg} over 1 m), 10 series each, one event per series and second for
 * {@code minutes} of event time — every window full — routed as the engine routes them (a route per series with its
 * recent event ids). The live heap is measured after full collections, before and after. Run with
 * {@code evaluator-service/bench/state-footprint.sh [series=10000] [minutes=6]}.
 */
public final class StateFootprint {

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int rules = series / 10;
        RuleSpec[] specs = new RuleSpec[rules];
        for (int k = 0; k < rules; k++) {
            specs[k] = HotPathBenchmark.thresholdRule(
                    k % 2 == 0
                            ? "{\"metric\":\"bench_value\",\"aggregation\":\"last\",\"window\":\"5m\",\"operator\":\">\",\"threshold\":90}"
                            : "{\"metric\":\"bench_value\",\"aggregation\":\"avg\",\"window\":\"1m\",\"operator\":\">\",\"threshold\":90}");
        }
        long before = liveHeap();
        PartitionState state = new PartitionState(0);
        String[] keys = new String[series];
        for (int i = 0; i < series; i++) {
            Map<String, String> labels = Map.of("app", "a" + (i % rules), "series", "s" + i, "run", "bench");
            keys[i] = io.watchkeeper.contracts.event.MetricEvent.seriesKey("bench_value", labels);
            RuleSpec rule = specs[i % rules];
            String fingerprint = io.watchkeeper.evaluator.alert.Fingerprints.of(rule.id(), labels);
            Binding b = new Binding(rule, fingerprint, 0, labels);
            state.bindings.put(fingerprint, b);
            state.routes.put(keys[i], new PartitionState.Route(1, new Binding[] {b}));
        }
        long start = System.currentTimeMillis() - minutes * 60_000L;
        for (int second = 0; second < minutes * 60; second++) {
            long now = start + second * 1000L;
            for (int i = 0; i < series; i++) {
                PartitionState.Route route = state.routes.get(keys[i]);
                route.seen(UUID.randomUUID().toString());
                BigDecimal value = BigDecimal.valueOf(40 + (i + second) % 50, 1 + second % 2);
                for (Binding b : route.bindings) {
                    b.observe("bench_value", now, value, now);
                }
            }
        }
        long after = liveHeap();
        long checkpoint = 0;
        for (Binding b : state.bindings.values()) {
            checkpoint += b.serialize().length;
        }
        System.out.printf(
                "%,d series × %,d rules, %d min of one event per series and second:%n", series, rules, minutes);
        System.out.printf(
                "  state on the heap: %,.1f MiB, %,d bytes per binding (route and recent ids included)%n",
                (after - before) / 1048576.0, (after - before) / series);
        System.out.printf("  checkpointed: %,d bytes per binding%n", checkpoint / series);
        System.out.println("  (kept alive: " + state.bindings.size() + " bindings)");
    }

    /** The heap in use after full collections (synchronous with the serial collector the script runs). */
    private static long liveHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
