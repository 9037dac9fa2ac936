package io.watchkeeper.collector.ingest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Meter readings, each counted once: a reading id seen again changes nothing. Daily totals per energy
 * type and device (with its group) are kept in the same transaction. Each reading remembers whether its metric
 * reached the broker, so a reading sent again is republished only while it has not (a crash or an outage between
 * recording and publishing), never a second time after.
 */
@ApplicationScoped
public class EnergyLedger {

    public record Daily(
            LocalDate day,
            String tenant,
            String energyType,
            String deviceId,
            String deviceGroup,
            String unit,
            BigDecimal total,
            long readings) {}

    private final Pool pool;

    public EnergyLedger(Pool pool) {
        this.pool = pool;
    }

    /** What recording a reading found: new, or a duplicate whose metric is still to publish, or one already published. */
    public enum Recorded {
        NEW,
        UNPUBLISHED_DUPLICATE,
        DUPLICATE;

        public boolean toPublish() {
            return this != DUPLICATE;
        }
    }

    /** Records a reading under its {@code tenant} label (a reading id is unique within its tenant). */
    public Uni<Recorded> record(EnergyReading r) {
        String tenant = r.labels().getOrDefault(TenantScope.LABEL, "");
        return insert(r, tenant)
                .chain(isNew -> isNew
                        ? Uni.createFrom().item(Recorded.NEW)
                        : pool.preparedQuery(
                                        "SELECT published FROM energy_reading WHERE tenant = $1 AND reading_id = $2")
                                .execute(Tuple.of(tenant, r.readingId()))
                                .map(rows -> rows.size() > 0
                                                && !rows.iterator().next().getBoolean(0)
                                        ? Recorded.UNPUBLISHED_DUPLICATE
                                        : Recorded.DUPLICATE));
    }

    /** The broker acknowledged the reading's metric. */
    public Uni<Void> published(EnergyReading r) {
        return pool.preparedQuery("UPDATE energy_reading SET published = true WHERE tenant = $1 AND reading_id = $2")
                .execute(Tuple.of(r.labels().getOrDefault(TenantScope.LABEL, ""), r.readingId()))
                .replaceWithVoid();
    }

    /**
     * Forgets the readings read before {@code before} — their daily totals stay; how many. A reading that old is
     * refused on arrival ({@link EnergyIntake#stale}), so a forgotten one cannot be counted again.
     */
    public Uni<Integer> prune(Instant before) {
        return pool.preparedQuery("DELETE FROM energy_reading WHERE read_at < $1")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    private Uni<Boolean> insert(EnergyReading r, String tenant) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        """
                        INSERT INTO energy_reading (tenant, reading_id, energy_type, device_id, device_group, value, unit,
                                                    read_at, received_at, published)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), false) ON CONFLICT (tenant, reading_id) DO NOTHING""")
                .execute(Tuple.tuple(List.of(tenant, r.readingId(), r.energyType(), r.deviceId()))
                        .addString(r.deviceGroup())
                        .addBigDecimal(r.value())
                        .addString(r.unit())
                        .addOffsetDateTime(r.readAt().atOffset(ZoneOffset.UTC)))
                .chain(inserted -> inserted.rowCount() == 0
                        ? Uni.createFrom().item(false)
                        : conn.preparedQuery(
                                        """
                                INSERT INTO energy_daily (day, tenant, energy_type, device_id, device_group, unit, total, readings)
                                VALUES ($1, $2, $3, $4, $5, $6, $7, 1)
                                ON CONFLICT (day, tenant, energy_type, device_id) DO UPDATE
                                   SET total = energy_daily.total + EXCLUDED.total, readings = energy_daily.readings + 1,
                                       device_group = COALESCE(EXCLUDED.device_group, energy_daily.device_group)""")
                                .execute(Tuple.tuple(List.of(
                                                r.readAt()
                                                        .atOffset(ZoneOffset.UTC)
                                                        .toLocalDate(),
                                                tenant,
                                                r.energyType(),
                                                r.deviceId()))
                                        .addString(r.deviceGroup())
                                        .addString(r.unit())
                                        .addBigDecimal(r.value()))
                                .replaceWith(true)));
    }

    /** Daily totals in [from, to], optionally for one tenant, energy type, device or group, by day. */
    public Uni<Page<Daily>> daily(
            LocalDate from,
            LocalDate to,
            String tenant,
            String energyType,
            String deviceId,
            String deviceGroup,
            int page,
            int size) {
        String where = " WHERE day BETWEEN $1 AND $2 AND ($3::text IS NULL OR energy_type = $3)"
                + " AND ($4::text IS NULL OR device_id = $4) AND ($5::text IS NULL OR device_group = $5)"
                + " AND ($6::text IS NULL OR tenant = $6)";
        List<Object> values = java.util.Arrays.asList(from, to, energyType, deviceId, deviceGroup, tenant);
        Tuple filter = Tuple.tuple(new ArrayList<>(values));
        Tuple paged = Tuple.tuple(new ArrayList<>(values)).addInteger(size).addLong((long) page * size);
        return Uni.combine()
                .all()
                .unis(
                        pool.preparedQuery(
                                        "SELECT day, tenant, energy_type, device_id, device_group, unit, total, readings"
                                                + " FROM energy_daily" + where
                                                + " ORDER BY day, tenant, energy_type, device_id LIMIT $7 OFFSET $8")
                                .execute(paged),
                        pool.preparedQuery("SELECT count(*) FROM energy_daily" + where)
                                .execute(filter))
                .with((rows, count) -> {
                    List<Daily> items = new ArrayList<>();
                    for (Row r : rows) {
                        String owner = r.getString(1);
                        items.add(new Daily(
                                r.getLocalDate(0),
                                owner.isEmpty() ? null : owner,
                                r.getString(2),
                                r.getString(3),
                                r.getString(4),
                                r.getString(5),
                                r.getBigDecimal(6),
                                r.getLong(7)));
                    }
                    return new Page<>(items, count.iterator().next().getLong(0), page, size);
                });
    }
}
