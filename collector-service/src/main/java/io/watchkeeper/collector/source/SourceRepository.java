package io.watchkeeper.collector.source;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.collector.source.adapter.Reading;
import io.watchkeeper.platform.db.StringMapJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code source} table, its only writer: the API's changes through Hibernate (callers open the session), the
 * poller's claims and outcomes in plain SQL (one statement each, many sources a second).
 */
@ApplicationScoped
public class SourceRepository implements PanacheRepositoryBase<Source, UUID> {

    /** A claimed source, with what one poll needs. */
    public record Due(
            UUID id,
            String name,
            String provider,
            String baseUrl,
            String credential,
            long intervalMs,
            Map<String, String> labels,
            Map<String, String> settings,
            int failures,
            List<Reading> lastReadings,
            Instant lastSuccessAt) {}

    private static final StringMapJson MAPS = new StringMapJson();
    private static final Source.Readings READINGS = new Source.Readings();

    private final Pool pool;
    private final History history;

    public SourceRepository(Pool pool, History history) {
        this.pool = pool;
        this.history = history;
    }

    /**
     * Claims up to {@code limit} enabled sources whose poll is due, oldest due first, for {@code lease}: another
     * instance skips them, and a crashed poller's sources come back when it ends. Interval, credential and enabled
     * flag are read at every claim, so changes apply at the next cycle.
     */
    public Uni<List<Due>> claimDue(int limit, Duration lease) {
        return pool.preparedQuery(
                        """
                UPDATE source SET next_poll_at = now() + $2 * interval '1 millisecond', last_polled_at = now()
                 WHERE id IN (SELECT id FROM source WHERE enabled AND next_poll_at <= now()
                               ORDER BY next_poll_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                RETURNING id, name, provider, base_url, credential, poll_interval_ms, labels, settings,
                          consecutive_failures, last_readings, last_success_at""")
                .execute(Tuple.of(limit, lease.toMillis()))
                .map(rows -> {
                    List<Due> due = new ArrayList<>();
                    for (Row r : rows) {
                        due.add(new Due(
                                r.getUUID("id"),
                                r.getString("name"),
                                r.getString("provider"),
                                r.getString("base_url"),
                                r.getString("credential"),
                                r.getLong("poll_interval_ms"),
                                MAPS.convertToEntityAttribute(r.getString("labels")),
                                MAPS.convertToEntityAttribute(r.getString("settings")),
                                r.getInteger("consecutive_failures"),
                                r.getString("last_readings") == null
                                        ? null
                                        : READINGS.convertToEntityAttribute(r.getString("last_readings")),
                                r.getOffsetDateTime("last_success_at") == null
                                        ? null
                                        : r.getOffsetDateTime("last_success_at").toInstant()));
                    }
                    return due;
                });
    }

    /**
     * A successful poll at {@code at}: the readings become the source's last value and enter its history in the same
     * transaction; the next poll is due after {@code next}.
     */
    public Uni<Void> polled(UUID id, List<Reading> readings, Instant at, Duration next) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        """
                        UPDATE source SET last_success_at = $4::timestamptz, last_readings = $2, last_error = NULL,
                                          consecutive_failures = 0, next_poll_at = $4::timestamptz + $3 * interval '1 millisecond'
                         WHERE id = $1""")
                .execute(Tuple.of(
                        id, READINGS.convertToDatabaseColumn(readings), next.toMillis(), at.atOffset(ZoneOffset.UTC)))
                .chain(() -> history.record(conn, id, readings, at)));
    }

    /** A failed poll: counted, its error kept, the next poll due after {@code next}. */
    public Uni<Void> failed(UUID id, String error, Duration next) {
        return pool.preparedQuery(
                        """
                UPDATE source SET last_error = $2, last_error_at = now(), consecutive_failures = consecutive_failures + 1,
                                  next_poll_at = now() + $3 * interval '1 millisecond'
                 WHERE id = $1""")
                .execute(Tuple.of(id, error, next.toMillis()))
                .replaceWithVoid();
    }
}
