package io.watchkeeper.evaluator.engine;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.evaluator.quota.QuotaUsage;
import io.watchkeeper.evaluator.rule.RuleSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checkpoints per partition: the changed bindings and the offset of the next record, in one
 * transaction, so a restored partition resumes exactly where its state was taken.
 */
@ApplicationScoped
class Checkpoints {

    private final Pool pool;

    Checkpoints(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> save(List<PartitionState> owned) {
        List<Tuple> upserts = new ArrayList<>();
        List<Tuple> deletes = new ArrayList<>();
        List<Tuple> offsets = new ArrayList<>();
        List<Tuple> usage = new ArrayList<>();
        List<QuotaUsage> counted = new ArrayList<>();
        List<Binding> saved = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (PartitionState ps : owned) {
            for (Binding b : ps.bindings.values()) {
                if (b.dirty) {
                    upserts.add(Tuple.of(b.fingerprint, ps.partition, b.rule.id(),
                            io.vertx.core.buffer.Buffer.buffer(b.serialize())));
                    saved.add(b);
                }
            }
            ps.quotas.forEach((quotaId, u) -> {
                if (u.dirty) {
                    usage.add(Tuple.of(quotaId, ps.partition, u.period(), u.total(),
                            io.vertx.core.buffer.Buffer.buffer(u.serialize())));
                    counted.add(u);
                }
            });
            ps.removed.forEach(fp -> deletes.add(Tuple.of(fp)));
            gone.addAll(ps.removed);
            if (ps.nextOffset >= 0 && ps.nextOffset != ps.checkpointedOffset) {
                offsets.add(Tuple.of(ps.partition, ps.nextOffset, now));
            }
        }
        if (upserts.isEmpty() && deletes.isEmpty() && offsets.isEmpty() && usage.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        saved.forEach(b -> b.dirty = false);
        counted.forEach(u -> u.dirty = false);
        Map<PartitionState, Long> taken = new HashMap<>();
        owned.forEach(ps -> taken.put(ps, ps.nextOffset));
        owned.forEach(ps -> ps.removed.clear());
        return pool.withTransaction(c -> batch(c.preparedQuery("""
                        INSERT INTO binding_state (fingerprint, partition, rule_id, state) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (fingerprint) DO UPDATE SET partition = EXCLUDED.partition,
                            rule_id = EXCLUDED.rule_id, state = EXCLUDED.state"""), upserts)
                        .chain(() -> batch(c.preparedQuery("DELETE FROM binding_state WHERE fingerprint = $1"), deletes))
                        .chain(() -> batch(c.preparedQuery("""
                                INSERT INTO quota_usage (quota_id, partition, period, usage, state) VALUES ($1, $2, $3, $4, $5)
                                ON CONFLICT (quota_id, partition) DO UPDATE SET period = EXCLUDED.period,
                                    usage = EXCLUDED.usage, state = EXCLUDED.state"""), usage))
                        .chain(() -> batch(c.preparedQuery("""
                                INSERT INTO engine_checkpoint (partition, next_offset, taken_at) VALUES ($1, $2, $3)
                                ON CONFLICT (partition) DO UPDATE SET next_offset = EXCLUDED.next_offset,
                                    taken_at = EXCLUDED.taken_at"""), offsets)))
                .invoke(() -> taken.forEach((ps, offset) -> ps.checkpointedOffset = offset))
                .onFailure().invoke(() -> {
                    saved.forEach(b -> b.dirty = true);
                    counted.forEach(u -> u.dirty = true);
                    owned.forEach(ps -> gone.forEach(fp -> {
                        if (!ps.bindings.containsKey(fp)) {
                            ps.removed.add(fp);
                        }
                    }));
                });
    }

    private static Uni<Void> batch(io.vertx.mutiny.sqlclient.PreparedQuery<io.vertx.mutiny.sqlclient.RowSet<Row>> q,
            List<Tuple> rows) {
        return rows.isEmpty() ? Uni.createFrom().voidItem() : q.executeBatch(rows).replaceWithVoid();
    }

    /** The partitions' saved state; bindings of rules that no longer exist are dropped (and deleted later). */
    Uni<Map<Integer, PartitionState>> load(Collection<Integer> partitions, Map<UUID, RuleSpec> rules) {
        Integer[] ids = partitions.toArray(Integer[]::new);
        Map<Integer, PartitionState> states = new HashMap<>();
        partitions.forEach(p -> states.put(p, new PartitionState(p)));
        return pool.preparedQuery("SELECT partition, next_offset FROM engine_checkpoint WHERE partition = ANY($1)")
                .execute(Tuple.of(ids))
                .invoke(rows -> rows.forEach(r -> {
                    PartitionState ps = states.get(r.getInteger(0));
                    ps.nextOffset = r.getLong(1);
                    ps.checkpointedOffset = ps.nextOffset;
                }))
                .chain(() -> pool.preparedQuery(
                        "SELECT fingerprint, partition, rule_id, state FROM binding_state WHERE partition = ANY($1)")
                        .execute(Tuple.of(ids)))
                .invoke(rows -> {
                    for (Row r : rows) {
                        PartitionState ps = states.get(r.getInteger(1));
                        RuleSpec rule = rules.get(r.getUUID(2));
                        if (rule == null) {
                            ps.removed.add(r.getString(0));
                            continue;
                        }
                        Binding b = Binding.deserialize(rule, r.getString(0), ps.partition, r.getBuffer(3).getBytes());
                        ps.bindings.put(b.fingerprint, b);
                    }
                })
                .chain(() -> pool.preparedQuery("SELECT quota_id, partition, state FROM quota_usage WHERE partition = ANY($1)")
                        .execute(Tuple.of(ids)))
                .map(rows -> {
                    rows.forEach(r -> states.get(r.getInteger(1)).quotas.put(r.getString(0),
                            QuotaUsage.deserialize(r.getBuffer(2).getBytes())));
                    return states;
                });
    }
}
