package io.watchkeeper.platform.db;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The reactive PostgreSQL pool, as Quarkus would make it, without the acquisition timeout. Vert.x 4.5 arms a timer for
 * every connection request and, when the request has already failed — the database refusing connections — the timer
 * still fails it a second time 30 s later: {@code IllegalStateException: Result is already complete}, once per failed
 * query, filling the log during an outage. Without the timer a request waits for a free connection as long as it
 * takes, and fails at once when the database cannot be reached (then the service answers 503).
 */
@ApplicationScoped
public class PostgresPool implements PgPoolCreator {

    @Override
    @SuppressWarnings("deprecation") // PgPool.pool is what Quarkus calls too; the builder takes no list of hosts
    public Pool create(Input input) {
        PoolOptions options = new PoolOptions(input.poolOptions()).setConnectionTimeout(0);
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), options);
    }
}
