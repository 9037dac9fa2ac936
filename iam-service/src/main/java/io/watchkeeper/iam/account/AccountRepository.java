package io.watchkeeper.iam.account;

import static io.watchkeeper.iam.Sql.instant;
import static io.watchkeeper.iam.Sql.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code cloud_account} table: its only writer. */
@ApplicationScoped
public class AccountRepository {

    private static final String COLUMNS =
            "id, tenant, name, provider, access_key_id, secret_sealed, secret_hint, region,"
                    + " created_by, created_at, verified_at";

    private final Pool pool;

    public AccountRepository(Pool pool) {
        this.pool = pool;
    }

    /** False when the tenant already has an account of that name. */
    public Uni<Boolean> insert(CloudAccount a) {
        return pool.preparedQuery(
                        """
                        INSERT INTO cloud_account (id, tenant, name, provider, access_key_id, secret_sealed, secret_hint,
                                                   region, created_by, created_at, verified_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING""")
                .execute(Tuple.tuple(Arrays.asList(
                        a.id(),
                        a.tenant(),
                        a.name(),
                        a.provider(),
                        a.accessKeyId(),
                        a.secretSealed(),
                        a.secretHint(),
                        a.region(),
                        a.createdBy(),
                        utc(a.createdAt()),
                        utc(a.verifiedAt()))))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> verified(String id, Instant at) {
        return pool.preparedQuery("UPDATE cloud_account SET verified_at = $2 WHERE id = $1")
                .execute(Tuple.of(id, utc(at)))
                .replaceWithVoid();
    }

    public Uni<CloudAccount> find(String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM cloud_account WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    /** A page of accounts, of one tenant or (null) all. */
    public Uni<Page<CloudAccount>> list(String tenant, int page, int size) {
        return pool.preparedQuery("SELECT " + COLUMNS + ", count(*) OVER () AS total FROM cloud_account"
                        + " WHERE ($1::text IS NULL OR tenant = $1) ORDER BY created_at, id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(tenant, size, page * size))
                .map(rows -> {
                    List<CloudAccount> items = new ArrayList<>();
                    long total = 0;
                    for (Row row : rows) {
                        items.add(of(row));
                        total = row.getLong("total");
                    }
                    return new Page<>(items, total, page, size);
                });
    }

    private static CloudAccount of(Row r) {
        return new CloudAccount(
                r.getString("id"),
                r.getString("tenant"),
                r.getString("name"),
                r.getString("provider"),
                r.getString("access_key_id"),
                r.getString("secret_sealed"),
                r.getString("secret_hint"),
                r.getString("region"),
                r.getString("created_by"),
                instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("verified_at")));
    }
}
