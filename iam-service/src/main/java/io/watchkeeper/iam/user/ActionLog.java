package io.watchkeeper.iam.user;

import static io.watchkeeper.iam.Sql.instant;
import static io.watchkeeper.iam.Sql.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.IamEvent;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What happened to each user, in the transaction of the change: a row of the action history and, for created /
 * disabled / enabled / deleted, the event on {@code wk.iam.v1} (keyed by user id, through the outbox). Call
 * {@link #wake()} after the commit.
 */
@ApplicationScoped
public class ActionLog {

    static final String SOURCE = "/watchkeeper/iam";

    /** History entries; the first four are also {@code wk.iam.v1} actions. */
    public enum Kind {
        CREATED,
        DISABLED,
        ENABLED,
        DELETED,
        IMPORTED,
        ACCESS_KEY_CREATED,
        POLICY_ATTACHED,
        POLICY_DETACHED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        IamEvent.Action event() {
            return switch (this) {
                case CREATED -> IamEvent.Action.CREATED;
                case DISABLED -> IamEvent.Action.DISABLED;
                case ENABLED -> IamEvent.Action.ENABLED;
                case DELETED -> IamEvent.Action.DELETED;
                default -> null;
            };
        }
    }

    /** One entry: {@code detail} says what was done (keys, policy), {@code reason} why. */
    public record Entry(Kind kind, String detail, String reason, String alertId, String actor) {}

    private final Pool pool;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public ActionLog(Pool pool, Outbox outbox, OutboxRelay relay) {
        this.pool = pool;
        this.outbox = outbox;
        this.relay = relay;
    }

    public Uni<Void> record(SqlClient conn, IamUser user, Entry e) {
        Uni<Void> history = conn.preparedQuery(
                        """
                        INSERT INTO iam_action (user_id, action, detail, reason, alert_id, actor, at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.tuple(Arrays.asList(
                        user.id(),
                        e.kind().wire(),
                        e.detail(),
                        e.reason(),
                        e.alertId(),
                        e.actor(),
                        utc(Instant.now()))))
                .replaceWithVoid();
        IamEvent.Action action = e.kind().event();
        if (action == null) {
            return history;
        }
        IamEvent event = new IamEvent(user.id(), user.accountId(), user.userName(), action, e.reason(), e.alertId());
        return history.chain(() -> outbox.add(conn, Topics.IAM, user.id(), CloudEvent.of(SOURCE, event)));
    }

    public void wake() {
        relay.wake();
    }

    /** A user's history, oldest first. */
    public Uni<Page<UserDtos.Action>> of(String userId, int page, int size) {
        return pool.preparedQuery("SELECT id, action, detail, reason, alert_id, actor, at, count(*) OVER () AS total"
                        + " FROM iam_action WHERE user_id = $1 ORDER BY id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(userId, size, page * size))
                .map(rows -> {
                    List<UserDtos.Action> items = new ArrayList<>();
                    long total = 0;
                    for (Row r : rows) {
                        items.add(new UserDtos.Action(
                                r.getLong("id"),
                                r.getString("action"),
                                r.getString("detail"),
                                r.getString("reason"),
                                r.getString("alert_id"),
                                r.getString("actor"),
                                instant(r.getOffsetDateTime("at"))));
                        total = r.getLong("total");
                    }
                    return new Page<>(items, total, page, size);
                });
    }
}
