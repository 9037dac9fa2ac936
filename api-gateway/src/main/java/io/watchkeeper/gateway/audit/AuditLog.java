package io.watchkeeper.gateway.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The audit log in the gateway's database: entries are appended (the table refuses changes), read newest first. */
@ApplicationScoped
public class AuditLog {

    /** What a reader narrows the log to; null fields do not narrow. */
    public record Filter(String actor, String tenant, String pathPrefix, Instant from, Instant to) {}

    private final Pool pool;

    public AuditLog(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> append(AuditEntry e) {
        return pool.preparedQuery(
                        """
                        INSERT INTO audit_entry (id, at, actor, tenant, roles, method, path, target, status, request_id, trace_id)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""")
                .execute(Tuple.tuple(Arrays.asList(
                        e.id(),
                        e.at().atOffset(ZoneOffset.UTC),
                        e.actor(),
                        e.tenant(),
                        e.roles(),
                        e.method(),
                        e.path(),
                        e.target(),
                        e.status(),
                        e.requestId(),
                        e.traceId())))
                .replaceWithVoid();
    }

    public Uni<Page<AuditEntry>> list(Filter f, int page, int size) {
        String where = " WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR tenant = $2)"
                + " AND ($3::text IS NULL OR starts_with(path, $3)) AND ($4::timestamptz IS NULL OR at >= $4)"
                + " AND ($5::timestamptz IS NULL OR at < $5)";
        List<Object> values = Arrays.asList(f.actor(), f.tenant(), f.pathPrefix(), utc(f.from()), utc(f.to()));
        Tuple paged = Tuple.tuple(new ArrayList<>(values)).addInteger(size).addLong((long) page * size);
        return Uni.combine()
                .all()
                .unis(
                        pool.preparedQuery(
                                        "SELECT id, at, actor, tenant, roles, method, path, target, status, request_id,"
                                                + " trace_id FROM audit_entry" + where
                                                + " ORDER BY at DESC, id LIMIT $6 OFFSET $7")
                                .execute(paged),
                        pool.preparedQuery("SELECT count(*) FROM audit_entry" + where)
                                .execute(Tuple.tuple(values)))
                .with((rows, count) -> {
                    List<AuditEntry> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(new AuditEntry(
                                r.getUUID(0),
                                r.getOffsetDateTime(1).toInstant(),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4),
                                r.getString(5),
                                r.getString(6),
                                r.getString(7),
                                r.getInteger(8),
                                r.getString(9),
                                r.getString(10)));
                    }
                    return new Page<>(items, count.iterator().next().getLong(0), page, size);
                });
    }

    private static java.time.OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
