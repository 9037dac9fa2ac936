package io.watchkeeper.iam.user;

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
import java.util.Locale;

/** The {@code iam_user} and {@code iam_access_key} tables: their only writer. */
@ApplicationScoped
public class UserRepository {

    private static final String COLUMNS = "id, tenant, account_id, user_name, display_name, cloud_user_id, state,"
            + " last_error, login_allowed, login_disabled_by, policies, created_by, created_at, updated_at";

    /** What a list may be narrowed by; null = any. */
    public record Filter(String tenant, String accountId, IamUser.State state) {}

    private final Pool pool;

    public UserRepository(Pool pool) {
        this.pool = pool;
    }

    /** False when the account already has a user of that name. */
    public Uni<Boolean> insert(SqlClient client, IamUser u) {
        return client.preparedQuery(
                        """
                        INSERT INTO iam_user (id, tenant, account_id, user_name, display_name, cloud_user_id, state,
                                              last_error, login_allowed, login_disabled_by, policies, created_by,
                                              created_at, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING""")
                .execute(Tuple.tuple(Arrays.asList(
                        u.id(),
                        u.tenant(),
                        u.accountId(),
                        u.userName(),
                        u.displayName(),
                        u.cloudUserId(),
                        u.state().wire(),
                        u.lastError(),
                        u.loginAllowed(),
                        u.loginDisabledBy(),
                        u.policies().toArray(String[]::new),
                        u.createdBy(),
                        utc(u.createdAt()),
                        utc(u.updatedAt()))))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Writes what can change after creation: cloud id, state, error, login, policies. */
    public Uni<Void> update(SqlClient client, IamUser u) {
        return client.preparedQuery(
                        """
                        UPDATE iam_user SET cloud_user_id = $2, state = $3, last_error = $4, login_allowed = $5,
                               login_disabled_by = $6, policies = $7, updated_at = $8 WHERE id = $1""")
                .execute(Tuple.tuple(Arrays.asList(
                        u.id(),
                        u.cloudUserId(),
                        u.state().wire(),
                        u.lastError(),
                        u.loginAllowed(),
                        u.loginDisabledBy(),
                        u.policies().toArray(String[]::new),
                        utc(u.updatedAt()))))
                .replaceWithVoid();
    }

    /** Only a user whose creation failed at {@code CreateUser}: nothing of it is left. */
    public Uni<Void> delete(SqlClient client, String id) {
        return client.preparedQuery("DELETE FROM iam_user WHERE id = $1 AND state = 'provisioning'")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    public Uni<IamUser> find(SqlClient client, String id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM iam_user WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    public Uni<IamUser> lock(SqlClient client, String id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM iam_user WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    /**
     * The users a quota's subject id names in a tenant (null = the platform's): by Watchkeeper id, cloud user id or
     * user name.
     */
    public Uni<List<IamUser>> bySubject(String tenant, String subjectId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM iam_user WHERE tenant IS NOT DISTINCT FROM $1"
                        + " AND (id = $2 OR cloud_user_id = $2 OR user_name = $2) AND state IN ('active', 'disabled')")
                .execute(Tuple.of(tenant, subjectId))
                .map(UserRepository::all);
    }

    /** The users of an account (deleted ones too: a name once used is known). */
    public Uni<List<IamUser>> ofAccount(String accountId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM iam_user WHERE account_id = $1")
                .execute(Tuple.of(accountId))
                .map(UserRepository::all);
    }

    public Uni<Page<IamUser>> list(Filter f, int page, int size) {
        return pool.preparedQuery("SELECT " + COLUMNS + ", count(*) OVER () AS total FROM iam_user"
                        + " WHERE ($1::text IS NULL OR tenant = $1) AND ($2::text IS NULL OR account_id = $2)"
                        + " AND (state = $3 OR $3::text IS NULL AND state <> 'deleted')"
                        + " ORDER BY created_at, id LIMIT $4 OFFSET $5")
                .execute(Tuple.tuple(Arrays.asList(
                        f.tenant(),
                        f.accountId(),
                        f.state() == null ? null : f.state().wire(),
                        size,
                        page * size)))
                .map(rows -> {
                    long total = 0;
                    for (Row row : rows) {
                        total = row.getLong("total");
                    }
                    return new Page<>(all(rows), total, page, size);
                });
    }

    public Uni<List<AccessKeyState>> keys(SqlClient client, String userId) {
        return client.preparedQuery("SELECT access_key_id, status, disabled_by FROM iam_access_key WHERE user_id = $1"
                        + " ORDER BY access_key_id")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<AccessKeyState> keys = new ArrayList<>();
                    rows.forEach(r -> keys.add(new AccessKeyState(r.getString(0), r.getString(1), r.getString(2))));
                    return keys;
                });
    }

    public Uni<Void> saveKey(SqlClient client, String userId, AccessKeyState key, Instant at) {
        return client.preparedQuery(
                        """
                        INSERT INTO iam_access_key (user_id, access_key_id, status, disabled_by, updated_at)
                        VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (user_id, access_key_id) DO UPDATE SET status = EXCLUDED.status,
                               disabled_by = EXCLUDED.disabled_by, updated_at = EXCLUDED.updated_at""")
                .execute(Tuple.of(userId, key.accessKeyId(), key.status(), key.disabledBy(), utc(at)))
                .replaceWithVoid();
    }

    public Uni<Void> deleteKeys(SqlClient client, String userId) {
        return client.preparedQuery("DELETE FROM iam_access_key WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .replaceWithVoid();
    }

    private static List<IamUser> all(Iterable<Row> rows) {
        List<IamUser> users = new ArrayList<>();
        rows.forEach(r -> users.add(of(r)));
        return users;
    }

    private static IamUser of(Row r) {
        return new IamUser(
                r.getString("id"),
                r.getString("tenant"),
                r.getString("account_id"),
                r.getString("user_name"),
                r.getString("display_name"),
                r.getString("cloud_user_id"),
                IamUser.State.valueOf(r.getString("state").toUpperCase(Locale.ROOT)),
                r.getString("last_error"),
                r.getBoolean("login_allowed"),
                r.getString("login_disabled_by"),
                List.of(r.getArrayOfStrings("policies")),
                r.getString("created_by"),
                instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("updated_at")));
    }
}
