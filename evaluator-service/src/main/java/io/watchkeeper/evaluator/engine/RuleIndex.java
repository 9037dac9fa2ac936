package io.watchkeeper.evaluator.engine;

import io.watchkeeper.evaluator.rule.RuleSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules the engine knows, indexed by the metrics they read, with a version that changes with every change (a
 * series' cached route is rebuilt when its version is older). Written inside the engine's serial section only.
 */
final class RuleIndex {

    private final Map<UUID, RuleSpec> rules = new ConcurrentHashMap<>();
    private volatile Map<String, List<RuleSpec>> byMetric = Map.of();
    private int version;

    void put(RuleSpec rule) {
        rules.put(rule.id(), rule);
        reindex();
    }

    void remove(UUID id) {
        rules.remove(id);
        reindex();
    }

    RuleSpec get(UUID id) {
        return rules.get(id);
    }

    /** The enabled rules that read {@code metric}. */
    List<RuleSpec> reading(String metric) {
        return byMetric.getOrDefault(metric, List.of());
    }

    Collection<RuleSpec> all() {
        return rules.values();
    }

    /** By id: what restoring a checkpoint binds to. */
    Map<UUID, RuleSpec> byId() {
        return rules;
    }

    int version() {
        return version;
    }

    private void reindex() {
        Map<String, List<RuleSpec>> index = new HashMap<>();
        for (RuleSpec r : rules.values()) {
            if (r.enabled()) {
                r.condition().metrics().forEach(m -> index.computeIfAbsent(m, k -> new ArrayList<>())
                        .add(r));
            }
        }
        byMetric = index;
        version++;
    }
}
