package io.watchkeeper.quota.ledger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code quota_allocation} ledger and its only writer. Append-only: the database refuses any update or delete
 * (a trigger), whoever asks.
 */
@ApplicationScoped
public class AllocationRepository {

    private static final String COLUMNS =
            "id, quota_id, amount, total_after, epoch, operator, note, idempotency_key, created_at";

    /** An entry as stored, with its id. */
    public record Stored(long id, Ledger.Entry entry) {}

    private final Pool pool;

    public AllocationRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Stored> append(SqlClient client, Ledger.Entry e) {
        return client.preparedQuery(
                        """
                        INSERT INTO quota_allocation (quota_id, amount, total_after, epoch, operator, note, idempotency_key,
                                                      created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
                .execute(Tuple.tuple(Arrays.asList(
                        e.quotaId(),
                        e.amount(),
                        e.totalAfter(),
                        e.epoch(),
                        e.operator(),
                        e.note(),
                        e.idempotencyKey(),
                        e.createdAt().atOffset(ZoneOffset.UTC))))
                .map(rows -> new Stored(rows.iterator().next().getLong(0), e));
    }

    /** The entry an idempotency key made on a quota, or null. */
    public Uni<Stored> byKey(SqlClient client, String quotaId, String key) {
        return client.preparedQuery(
                        "SELECT " + COLUMNS + " FROM quota_allocation WHERE quota_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(quotaId, key))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    /** A quota's entries, newest first, with the total count. */
    public Uni<Page<Stored>> list(String quotaId, int page, int size) {
        return Uni.combine()
                .all()
                .unis(
                        pool.preparedQuery("SELECT " + COLUMNS + " FROM quota_allocation WHERE quota_id = $1"
                                        + " ORDER BY id DESC LIMIT $2 OFFSET $3")
                                .execute(Tuple.of(quotaId, size, (long) page * size)),
                        pool.preparedQuery("SELECT count(*) FROM quota_allocation WHERE quota_id = $1")
                                .execute(Tuple.of(quotaId)))
                .with((rows, count) ->
                        new Page<>(all(rows), count.iterator().next().getLong(0), page, size));
    }

    private static List<Stored> all(RowSet<Row> rows) {
        List<Stored> out = new ArrayList<>();
        rows.forEach(r -> out.add(of(r)));
        return out;
    }

    private static Stored of(Row r) {
        return new Stored(
                r.getLong(0),
                new Ledger.Entry(
                        r.getString(1),
                        r.getBigDecimal(2),
                        r.getBigDecimal(3),
                        r.getLong(4),
                        r.getString(5),
                        r.getString(6),
                        r.getString(7),
                        r.getOffsetDateTime(8).toInstant()));
    }
}
