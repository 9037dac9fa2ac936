package io.watchkeeper.evaluator.quota;

import io.watchkeeper.contracts.event.QuotaEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
    private volatile Map<String, List<QuotaEvent>> byMetric = Map.of();
    private final java.util.Queue<String> removed = new java.util.concurrent.ConcurrentLinkedQueue<>();

    void put(QuotaEvent quota) {
        removed.remove(quota.quotaId());
        quotas.put(quota.quotaId(), quota);
        reindex();
    }

    void remove(String quotaId) {
        quotas.remove(quotaId);
        removed.add(quotaId);
        reindex();
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
        List<QuotaEvent> candidates = byMetric.get(metric);
        if (candidates == null) {
            return List.of();
        }
        List<QuotaEvent> out = new ArrayList<>(1);
        for (QuotaEvent q : candidates) {
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

    private synchronized void reindex() {
        Map<String, List<QuotaEvent>> index = new HashMap<>();
        quotas.values().forEach(q -> index.computeIfAbsent(q.metric(), m -> new ArrayList<>()).add(q));
        byMetric = index;
    }
}
