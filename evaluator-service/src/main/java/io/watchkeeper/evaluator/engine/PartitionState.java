package io.watchkeeper.evaluator.engine;

import io.watchkeeper.evaluator.quota.QuotaUsage;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The engine's state for one partition of {@code wk.metrics.v1}: what a checkpoint saves and restores. */
final class PartitionState {

    /** The bindings of one series key (metric + labels), recomputed when the rules change. */
    static final class Route {
        final int rulesVersion;
        final Binding[] bindings;
        /** 64-bit hashes of the series' last event ids: a tenth of the ids' memory, a false match never in practice. */
        private final long[] recentIds = new long[8];

        private int next;

        Route(int rulesVersion, Binding[] bindings) {
            this.rulesVersion = rulesVersion;
            this.bindings = bindings;
        }

        /** True if this event id was among the series' last few: a producer's retry, applied once. */
        boolean seen(String id) {
            long hash = hash(id);
            for (long recent : recentIds) {
                if (recent == hash) {
                    return true;
                }
            }
            recentIds[next] = hash;
            next = (next + 1) % recentIds.length;
            return false;
        }

        /** FNV-1a over the id's characters, never 0 (an empty entry). */
        static long hash(String id) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < id.length(); i++) {
                h = (h ^ id.charAt(i)) * 0x100000001b3L;
            }
            return h == 0 ? 1 : h;
        }
    }

    final int partition;
    final Map<String, Binding> bindings = new HashMap<>();
    final Map<String, Route> routes = new HashMap<>();
    final Set<String> removed = new HashSet<>();
    /** What this partition counted per quota id. */
    final Map<String, QuotaUsage> quotas = new HashMap<>();
    /** The offset of the next record to evaluate; -1 until one is seen or restored. */
    long nextOffset = -1;

    long checkpointedOffset = -1;

    PartitionState(int partition) {
        this.partition = partition;
    }

    /** Drops bindings, and the routes of the series that led to them (rebuilt at their next event). */
    void remove(Collection<Binding> gone) {
        if (gone.isEmpty()) {
            return;
        }
        Set<Binding> set = new HashSet<>(gone);
        for (Binding b : gone) {
            bindings.remove(b.fingerprint);
            removed.add(b.fingerprint);
        }
        routes.values().removeIf(r -> {
            for (Binding b : r.bindings) {
                if (set.contains(b)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Routes of series no rule selects are kept only until the next tick: they cost a lookup to rebuild. */
    void forgetEmptyRoutes() {
        routes.values().removeIf(r -> r.bindings.length == 0);
    }
}
