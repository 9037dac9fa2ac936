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

    /** What one checkpoint writes, taken from the state at one moment (inside the engine's serial section). */
    record Snapshot(
            List<Tuple> upserts,
            List<Tuple> deletes,
            List<Tuple> usage,
            List<Tuple> offsets,
            List<Binding> saved,
            List<QuotaUsage> counted,
            Map<PartitionState, List<String>> gone,
            Map<PartitionState, Long> taken) {}

    /** Takes the changes since the last checkpoint and marks them clean; null when nothing changed. */
    Snapshot take(List<PartitionState> owned) {
        Snapshot snap = new Snapshot(
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new HashMap<>(),
                new HashMap<>());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (PartitionState ps : owned) {
            for (Binding b : ps.bindings.values()) {
                if (b.dirty) {
                    snap.upserts()
                            .add(Tuple.of(
                                    b.fingerprint,
                                    ps.partition,
                                    b.rule.id(),
                                    io.vertx.core.buffer.Buffer.buffer(b.serialize())));
                    snap.saved().add(b);
                    b.dirty = false;
                }
            }
            ps.quotas.forEach((quotaId, u) -> {
                if (u.dirty) {
                    snap.usage()
                            .add(Tuple.of(
                                    quotaId,
                                    ps.partition,
                                    u.period(),
                                    u.total(),
                                    io.vertx.core.buffer.Buffer.buffer(u.serialize())));
                    snap.counted().add(u);
                    u.dirty = false;
                }
            });
            ps.removed.forEach(fp -> snap.deletes().add(Tuple.of(fp)));
            snap.gone().put(ps, List.copyOf(ps.removed));
            ps.removed.clear();
            if (ps.nextOffset >= 0 && ps.nextOffset != ps.checkpointedOffset) {
                snap.offsets().add(Tuple.of(ps.partition, ps.nextOffset, now));
                snap.taken().put(ps, ps.nextOffset);
            }
        }
        boolean empty = snap.upserts().isEmpty()
                && snap.deletes().isEmpty()
                && snap.offsets().isEmpty()
                && snap.usage().isEmpty();
        return empty ? null : snap;
    }

    /** Writes a snapshot in one transaction (outside the serial section: events go on meanwhile). */
    Uni<Void> write(Snapshot snap) {
        return pool.withTransaction(c -> batch(
                        c.preparedQuery(
                                """
                        INSERT INTO binding_state (fingerprint, partition, rule_id, state) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (fingerprint) DO UPDATE SET partition = EXCLUDED.partition,
                            rule_id = EXCLUDED.rule_id, state = EXCLUDED.state"""),
                        snap.upserts())
                .chain(() -> batch(c.preparedQuery("DELETE FROM binding_state WHERE fingerprint = $1"), snap.deletes()))
                .chain(() -> batch(
                        c.preparedQuery(
                                """
                        INSERT INTO quota_usage (quota_id, partition, period, usage, state) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (quota_id, partition) DO UPDATE SET period = EXCLUDED.period,
                            usage = EXCLUDED.usage, state = EXCLUDED.state"""),
                        snap.usage()))
                .chain(() -> batch(
                        c.preparedQuery(
                                """
                        INSERT INTO engine_checkpoint (partition, next_offset, taken_at) VALUES ($1, $2, $3)
                        ON CONFLICT (partition) DO UPDATE SET next_offset = EXCLUDED.next_offset,
                            taken_at = EXCLUDED.taken_at"""),
                        snap.offsets())));
    }

    /** Saves where partitions seen for the first time start (before any of their records is acknowledged). */
    Uni<Void> start(Map<Integer, Long> offsets) {
        List<Tuple> rows = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        offsets.forEach((p, offset) -> rows.add(Tuple.of(p, offset, now)));
        return batch(
                pool.preparedQuery(
                        """
                INSERT INTO engine_checkpoint (partition, next_offset, taken_at) VALUES ($1, $2, $3)
                ON CONFLICT (partition) DO NOTHING"""),
                rows);
    }

    /** After the write (inside the serial section): remember the offsets, or mark everything to write again. */
    void settle(Snapshot snap, boolean written) {
        if (written) {
            snap.taken().forEach((ps, offset) -> ps.checkpointedOffset = offset);
            return;
        }
        snap.saved().forEach(b -> b.dirty = true);
        snap.counted().forEach(u -> u.dirty = true);
        snap.gone()
                .forEach((ps, fingerprints) -> fingerprints.forEach(fp -> {
                    if (!ps.bindings.containsKey(fp)) {
                        ps.removed.add(fp);
                    }
                }));
    }

    private static Uni<Void> batch(
            io.vertx.mutiny.sqlclient.PreparedQuery<io.vertx.mutiny.sqlclient.RowSet<Row>> q, List<Tuple> rows) {
        return rows.isEmpty()
                ? Uni.createFrom().voidItem()
                : q.executeBatch(rows).replaceWithVoid();
    }

    /** The partitions' saved state; bindings of rules that no longer exist are dropped (and deleted later). */
    Uni<Map<Integer, PartitionState>> load(Collection<Integer> partitions, Map<UUID, RuleSpec> rules) {
        Integer[] ids = partitions.toArray(Integer[]::new);
        Map<Integer, PartitionState> states = new HashMap<>();
        partitions.forEach(p -> states.put(p, new PartitionState(p)));
        return pool.preparedQuery("SELECT partition, next_offset FROM engine_checkpoint WHERE partition = ANY($1)")
                .execute(Tuple.of(ids))
                .invoke(rows -> rows.forEach(r -> states.get(r.getInteger(0)).nextOffset = r.getLong(1)))
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
                        Binding b = Binding.deserialize(
                                rule,
                                r.getString(0),
                                ps.partition,
                                r.getBuffer(3).getBytes());
                        ps.bindings.put(b.fingerprint, b);
                    }
                })
                .chain(() -> pool.preparedQuery(
                                "SELECT quota_id, partition, state FROM quota_usage WHERE partition = ANY($1)")
                        .execute(Tuple.of(ids)))
                .map(rows -> {
                    rows.forEach(r -> states.get(r.getInteger(1))
                            .quotas
                            .put(
                                    r.getString(0),
                                    QuotaUsage.deserialize(r.getBuffer(2).getBytes())));
                    return states;
                });
    }
}
