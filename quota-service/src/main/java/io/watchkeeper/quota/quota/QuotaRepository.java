package io.watchkeeper.quota.quota;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.platform.db.StringMapJson;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code quota} table: its only writer. */
@ApplicationScoped
public class QuotaRepository {

    private static final StringMapJson LABELS = new StringMapJson();
    private static final String COLUMNS =
            "q.id, q.tenant, q.subject_type, q.subject_id, q.metric, q.labels::text, q.unit,"
                    + " q.thresholds, q.monitor, q.auto_disable, q.kind, q.period, q.time_zone, q.per_period, q.warning_pct,"
                    + " q.alert_pct, q.allocated, q.epoch, q.created_by, q.created_at, q.updated_at, q.deleted_at";

    /** What a list may be narrowed by; null = any. */
    public record Filter(
            String tenant, SubjectType subjectType, String subjectId, QuotaUsageEvent.Status status, boolean deleted) {}

    private final Pool pool;

    public QuotaRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlClient client, Quota q) {
        return client.preparedQuery(
                        """
                        INSERT INTO quota (id, tenant, subject_type, subject_id, metric, labels, unit, thresholds, monitor,
                                           auto_disable, kind, period, time_zone, per_period, warning_pct, alert_pct,
                                           allocated, epoch, created_by, created_at, updated_at)
                        VALUES ($1, $2, $3, $4, $5, CAST(CAST($6 AS text) AS jsonb), $7, $8, $9, $10, $11, $12, $13, $14,
                                $15, $16, $17, $18, $19, $20, $21)""")
                .execute(Tuple.tuple(Arrays.asList(
                        q.id(),
                        q.tenant(),
                        q.subjectType().wire(),
                        q.subjectId(),
                        q.metric(),
                        LABELS.convertToDatabaseColumn(q.labels()),
                        q.unit(),
                        Thresholds.text(q.thresholds()),
                        q.monitor(),
                        q.autoDisable(),
                        q.kind().name(),
                        q.period() == null ? null : q.period().wire(),
                        q.timeZone(),
                        q.perPeriod(),
                        q.warningPct(),
                        q.alertPct(),
                        q.allocated(),
                        q.epoch(),
                        q.createdBy(),
                        utc(q.createdAt()),
                        utc(q.updatedAt()))))
                .replaceWithVoid();
    }

    /** Replaces the definition; the ledger's total and epoch are the ledger's ({@link #updateLedger}). */
    public Uni<Void> updateDefinition(SqlClient client, Quota q) {
        return client.preparedQuery(
                        """
                        UPDATE quota SET tenant = $2, subject_type = $3, subject_id = $4, metric = $5,
                               labels = CAST(CAST($6 AS text) AS jsonb), unit = $7, thresholds = $8, monitor = $9,
                               auto_disable = $10, period = $11, time_zone = $12, per_period = $13, warning_pct = $14,
                               alert_pct = $15, updated_at = $16
                         WHERE id = $1""")
                .execute(Tuple.tuple(Arrays.asList(
                        q.id(),
                        q.tenant(),
                        q.subjectType().wire(),
                        q.subjectId(),
                        q.metric(),
                        LABELS.convertToDatabaseColumn(q.labels()),
                        q.unit(),
                        Thresholds.text(q.thresholds()),
                        q.monitor(),
                        q.autoDisable(),
                        q.period() == null ? null : q.period().wire(),
                        q.timeZone(),
                        q.perPeriod(),
                        q.warningPct(),
                        q.alertPct(),
                        utc(q.updatedAt()))))
                .replaceWithVoid();
    }

    public Uni<Void> updateLedger(SqlClient client, Quota q) {
        return client.preparedQuery("UPDATE quota SET allocated = $2, epoch = $3, updated_at = $4 WHERE id = $1")
                .execute(Tuple.of(q.id(), q.allocated(), q.epoch(), utc(q.updatedAt())))
                .replaceWithVoid();
    }

    public Uni<Void> markDeleted(SqlClient client, String id, Instant at) {
        return client.preparedQuery("UPDATE quota SET deleted_at = $2, updated_at = $2 WHERE id = $1")
                .execute(Tuple.of(id, utc(at)))
                .replaceWithVoid();
    }

    /** A live (not deleted) quota, or null. */
    public Uni<Quota> find(String id) {
        return one(pool, "SELECT " + COLUMNS + " FROM quota q WHERE q.id = $1 AND q.deleted_at IS NULL", id);
    }

    /**
     * A live quota locked until the caller's transaction ends, or null: changes of one quota (allocations above all)
     * take turns, so two can never both pass a check made on the same total.
     */
    public Uni<Quota> lock(SqlClient client, String id) {
        return one(
                client, "SELECT " + COLUMNS + " FROM quota q WHERE q.id = $1 AND q.deleted_at IS NULL FOR UPDATE", id);
    }

    /** Live quotas that follow their tenant's settings in something, of one tenant ({@code ""}: platform's own). */
    public Uni<List<Quota>> followingSettings(SqlClient client, String tenant, boolean tenantsWithoutOwnSettings) {
        String scope = tenantsWithoutOwnSettings
                ? "(q.tenant IS NULL OR q.tenant NOT IN (SELECT tenant FROM quota_settings))"
                : "q.tenant IS NOT DISTINCT FROM NULLIF($1, '')";
        return client.preparedQuery("SELECT " + COLUMNS + " FROM quota q WHERE q.deleted_at IS NULL AND " + scope
                        + " AND (q.thresholds IS NULL OR q.monitor IS NULL OR q.auto_disable IS NULL) FOR UPDATE")
                .execute(tenantsWithoutOwnSettings ? Tuple.tuple() : Tuple.of(tenant))
                .map(QuotaRepository::all);
    }

    /** One page, by subject then id, with the total; {@code status} is the latest usage report's. */
    public Uni<Page<Quota>> list(Filter f, int page, int size) {
        String where = " WHERE (q.deleted_at IS NOT NULL) = $1 AND ($2::text IS NULL OR q.tenant = $2)"
                + " AND ($3::text IS NULL OR q.subject_type = $3) AND ($4::text IS NULL OR q.subject_id = $4)"
                + " AND ($5::text IS NULL OR COALESCE((SELECT u.status FROM quota_usage u WHERE u.quota_id = q.id"
                + " ORDER BY u.period DESC LIMIT 1), 'NORMAL') = $5)";
        List<Object> values = Arrays.asList(
                f.deleted(),
                f.tenant(),
                f.subjectType() == null ? null : f.subjectType().wire(),
                f.subjectId(),
                f.status() == null ? null : f.status().name());
        return Uni.combine()
                .all()
                .unis(
                        pool.preparedQuery("SELECT " + COLUMNS + " FROM quota q" + where
                                        + " ORDER BY q.subject_type, q.subject_id, q.id LIMIT $6 OFFSET $7")
                                .execute(Tuple.tuple(new ArrayList<>(values))
                                        .addInteger(size)
                                        .addLong((long) page * size)),
                        pool.preparedQuery("SELECT count(*) FROM quota q" + where)
                                .execute(Tuple.tuple(new ArrayList<>(values))))
                .with((rows, count) ->
                        new Page<>(all(rows), count.iterator().next().getLong(0), page, size));
    }

    private static Uni<Quota> one(SqlClient client, String sql, String id) {
        return client.preparedQuery(sql)
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    private static List<Quota> all(Iterable<Row> rows) {
        List<Quota> out = new ArrayList<>();
        rows.forEach(r -> out.add(of(r)));
        return out;
    }

    private static Quota of(Row r) {
        return new Quota(
                r.getString(0),
                r.getString(1),
                SubjectType.ofWire(r.getString(2)),
                r.getString(3),
                r.getString(4),
                LABELS.convertToEntityAttribute(r.getString(5)),
                r.getString(6),
                Thresholds.parse(r.getString(7)),
                r.getBoolean(8),
                r.getBoolean(9),
                QuotaKind.valueOf(r.getString(10)),
                Period.ofWire(r.getString(11)),
                r.getString(12),
                r.getBigDecimal(13),
                r.getBigDecimal(14),
                r.getBigDecimal(15),
                r.getBigDecimal(16),
                r.getLong(17),
                r.getString(18),
                instant(r.getOffsetDateTime(19)),
                instant(r.getOffsetDateTime(20)),
                instant(r.getOffsetDateTime(21)));
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
