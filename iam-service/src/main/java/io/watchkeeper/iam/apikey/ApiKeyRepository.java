package io.watchkeeper.iam.apikey;

import static io.watchkeeper.iam.Sql.instant;
import static io.watchkeeper.iam.Sql.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code api_key} table: its only writer. */
@ApplicationScoped
public class ApiKeyRepository {

    private static final String COLUMNS =
            "id, tenant, name, prefix, sha256, scopes, expires_at, created_by, created_at," + " revoked_by, revoked_at";

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlClient client, ApiKey k) {
        return client.preparedQuery(
                        "INSERT INTO api_key (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .execute(Tuple.tuple(Arrays.asList(
                        k.id(),
                        k.tenant(),
                        k.name(),
                        k.prefix(),
                        k.sha256(),
                        k.scopes().toArray(String[]::new),
                        utc(k.expiresAt()),
                        k.createdBy(),
                        utc(k.createdAt()),
                        k.revokedBy(),
                        utc(k.revokedAt()))))
                .replaceWithVoid();
    }

    /** Revokes a live key; false when it was revoked already. */
    public Uni<Boolean> revoke(SqlClient client, String id, String by, Instant at) {
        return client.preparedQuery(
                        "UPDATE api_key SET revoked_by = $2, revoked_at = $3 WHERE id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(id, by, utc(at)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<ApiKey> find(String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_key WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    /** A page of keys, newest first, of one tenant or (null) all; revoked ones only when asked. */
    public Uni<Page<ApiKey>> list(String tenant, boolean withRevoked, int page, int size) {
        return pool.preparedQuery("SELECT " + COLUMNS + ", count(*) OVER () AS total FROM api_key"
                        + " WHERE ($1::text IS NULL OR tenant = $1) AND ($2 OR revoked_at IS NULL)"
                        + " ORDER BY created_at DESC, id LIMIT $3 OFFSET $4")
                .execute(Tuple.of(tenant, withRevoked, size, page * size))
                .map(rows -> {
                    List<ApiKey> items = new ArrayList<>();
                    long total = 0;
                    for (Row r : rows) {
                        items.add(of(r));
                        total = r.getLong("total");
                    }
                    return new Page<>(items, total, page, size);
                });
    }

    private static ApiKey of(Row r) {
        return new ApiKey(
                r.getString("id"),
                r.getString("tenant"),
                r.getString("name"),
                r.getString("prefix"),
                r.getString("sha256"),
                List.of(r.getArrayOfStrings("scopes")),
                instant(r.getOffsetDateTime("expires_at")),
                r.getString("created_by"),
                instant(r.getOffsetDateTime("created_at")),
                r.getString("revoked_by"),
                instant(r.getOffsetDateTime("revoked_at")));
    }
}
