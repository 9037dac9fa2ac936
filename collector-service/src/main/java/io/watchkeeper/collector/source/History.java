package io.watchkeeper.collector.source;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.collector.source.adapter.Reading;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A source's raw readings over time (balance history) and its bill snapshots — the {@code observation} and
 * {@code bill_snapshot} tables, their only writer ({@code Retention} prunes it).
 */
@ApplicationScoped
public class History {

    public record Observation(String metric, String currency, BigDecimal value, Instant observedAt) {}

    private final Pool pool;

    public History(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records a poll's readings on the poller's connection (in its transaction): each reading in the history; a
     * spend reading of a bill period (label bill_period) replaces that period's snapshot row.
     */
    Uni<Void> record(SqlConnection conn, UUID sourceId, List<Reading> readings, Instant at) {
        if (readings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        List<Tuple> snapshots = readings.stream()
                .filter(r -> r.labels().containsKey("bill_period"))
                .map(r -> Tuple.tuple(List.of(
                        sourceId,
                        r.labels().get("bill_period"),
                        r.labels().getOrDefault("sub_account", ""),
                        r.labels().getOrDefault("project", ""),
                        r.value(),
                        r.currency(),
                        when)))
                .toList();
        return conn.preparedQuery(
                        "INSERT INTO observation (source_id, metric, currency, value, observed_at) VALUES ($1, $2, $3, $4, $5)")
                .executeBatch(readings.stream()
                        .map(r -> Tuple.of(sourceId, r.metric(), r.currency(), r.value(), when))
                        .toList())
                .chain(() -> snapshots.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(
                                        """
                                INSERT INTO bill_snapshot (source_id, bill_period, sub_account, project, amount, currency, updated_at)
                                VALUES ($1, $2, $3, $4, $5, $6, $7)
                                ON CONFLICT (source_id, bill_period, sub_account, project) DO UPDATE
                                   SET amount = EXCLUDED.amount, currency = EXCLUDED.currency, updated_at = EXCLUDED.updated_at""")
                                .executeBatch(snapshots)
                                .replaceWithVoid())
                .replaceWithVoid();
    }

    /** Readings in [from, to), newest first. */
    public Uni<Page<Observation>> of(UUID sourceId, Instant from, Instant to, int page, int size) {
        Tuple filter = Tuple.of(sourceId, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        return Uni.combine()
                .all()
                .unis(
                        pool.preparedQuery(
                                        """
                                SELECT metric, currency, value, observed_at FROM observation
                                 WHERE source_id = $1 AND observed_at >= $2 AND observed_at < $3
                                 ORDER BY observed_at DESC, metric LIMIT $4 OFFSET $5""")
                                .execute(Tuple.of(
                                        sourceId,
                                        from.atOffset(ZoneOffset.UTC),
                                        to.atOffset(ZoneOffset.UTC),
                                        size,
                                        (long) page * size)),
                        pool.preparedQuery(
                                        "SELECT count(*) FROM observation WHERE source_id = $1 AND observed_at >= $2 AND observed_at < $3")
                                .execute(filter))
                .with((rows, count) -> {
                    List<Observation> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(new Observation(
                                r.getString(0),
                                r.getString(1),
                                r.getBigDecimal(2),
                                r.getOffsetDateTime(3).toInstant()));
                    }
                    return new Page<>(items, count.iterator().next().getLong(0), page, size);
                });
    }

    /** One row of a monthly bill snapshot; an empty project is the sub-account's total. */
    public record BillLine(
            String billPeriod,
            String subAccount,
            String project,
            BigDecimal amount,
            String currency,
            Instant updatedAt) {}

    /** The snapshot of a bill period (YYYY-MM), per sub-account and project. */
    public Uni<List<BillLine>> bill(UUID sourceId, String period) {
        return pool.preparedQuery(
                        """
                        SELECT bill_period, sub_account, project, amount, currency, updated_at FROM bill_snapshot
                         WHERE source_id = $1 AND bill_period = $2 ORDER BY sub_account, project""")
                .execute(Tuple.of(sourceId, period))
                .map(rows -> {
                    List<BillLine> lines = new ArrayList<>();
                    for (Row r : rows) {
                        lines.add(new BillLine(
                                r.getString(0),
                                r.getString(1),
                                r.getString(2),
                                r.getBigDecimal(3),
                                r.getString(4),
                                r.getOffsetDateTime(5).toInstant()));
                    }
                    return lines;
                });
    }

    /** Deletes raw observations older than {@code before}; rollups are untouched. */
    public Uni<Void> prune(Instant before) {
        return pool.preparedQuery("DELETE FROM observation WHERE observed_at < $1")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .invoke(rows -> Log.infof("pruned %d observations older than %s", rows.rowCount(), before))
                .replaceWithVoid();
    }
}
