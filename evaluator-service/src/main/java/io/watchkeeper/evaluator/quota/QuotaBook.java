package io.watchkeeper.evaluator.quota;

import io.watchkeeper.contracts.event.QuotaEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local view of the compacted {@code wk.quotas.v1}: the current definition of every quota, indexed by
 * the metric it counts. Every instance keeps all of them (usage of one quota may come from any partition).
 */
@ApplicationScoped
public class QuotaBook {

    private final Map<String, QuotaEvent> quotas = new ConcurrentHashMap<>();
    /** metric → quota id → quota: a change touches its own entries only (a re-announced quota costs O(1), not O(n)). */
    private final Map<String, Map<String, QuotaEvent>> byMetric = new ConcurrentHashMap<>();

    private final java.util.Queue<String> removed = new java.util.concurrent.ConcurrentLinkedQueue<>();

    synchronized void put(QuotaEvent quota) {
        removed.remove(quota.quotaId());
        unindex(quotas.put(quota.quotaId(), quota));
        byMetric.computeIfAbsent(quota.metric(), m -> new ConcurrentHashMap<>()).put(quota.quotaId(), quota);
    }

    synchronized void remove(String quotaId) {
        unindex(quotas.remove(quotaId));
        removed.add(quotaId);
    }

    private void unindex(QuotaEvent before) {
        if (before != null) {
            Map<String, QuotaEvent> same = byMetric.get(before.metric());
            if (same != null) {
                same.remove(before.quotaId());
            }
        }
    }

    /** Quotas deleted since the last call (a tombstone or {@code deleted: true}). */
    List<String> takeRemoved() {
        List<String> out = new ArrayList<>();
        for (String id; (id = removed.poll()) != null; ) {
            out.add(id);
        }
        return out;
    }

    public Collection<QuotaEvent> all() {
        return quotas.values();
    }

    public QuotaEvent get(String quotaId) {
        return quotas.get(quotaId);
    }

    /** The quotas that count this event: same metric, and every quota label equal (a missing label is ""). */
    public List<QuotaEvent> counting(String metric, Map<String, String> labels) {
        Map<String, QuotaEvent> candidates = byMetric.get(metric);
        if (candidates == null) {
            return List.of();
        }
        List<QuotaEvent> out = new ArrayList<>(1);
        for (QuotaEvent q : candidates.values()) {
            boolean all = true;
            for (Map.Entry<String, String> l : q.labels().entrySet()) {
                if (!l.getValue().equals(labels.getOrDefault(l.getKey(), ""))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                out.add(q);
            }
        }
        return out;
    }
}
