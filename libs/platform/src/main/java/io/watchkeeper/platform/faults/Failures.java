package io.watchkeeper.platform.faults;

import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells a failure that will pass by itself (the database or the broker unreachable, restarting, overloaded; a
 * deadlock) from one that the same input will cause again (a poison record: a value the database refuses, a bug).
 * The first is retried for as long as it lasts; the second only a few times, then set aside.
 */
public final class Failures {

    /** SQLSTATE classes that say "not now": connection (08), resources (53), operator intervention (57), system (58). */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "53", "57", "58");
    /** And single states: serialization failure, deadlock, lock not available, read-only during a fail-over. */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("40001", "40P01", "55P03", "25006");

    private Failures() {}

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = sqlState(t);
            if (state != null) {
                return TRANSIENT_SQL_STATES.contains(state)
                        || TRANSIENT_SQL_CLASSES.contains(state.substring(0, Math.min(2, state.length())));
            }
            if (t instanceof io.vertx.sqlclient.TransactionRollbackException) {
                continue; // says only that an earlier statement failed: its cause decides
            }
            if (t instanceof IOException
                    || t instanceof TimeoutException
                    || t instanceof RetriableException
                    || t instanceof io.smallrye.mutiny.TimeoutException
                    // the reactive clients' "connection closed", "pool closed", "timeout" (no stack trace)
                    || t instanceof io.vertx.core.VertxException
                    || t instanceof io.vertx.core.impl.NoStackTraceThrowable) {
                return true;
            }
        }
        return false;
    }

    /** Whether the database refused a value (SQLSTATE class 22: NUL in text, a number out of range…): a bad input. */
    public static boolean isRefusedValue(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = sqlState(t);
            if (state != null) {
                return state.startsWith("22");
            }
        }
        return false;
    }

    /** The SQLSTATE of the reactive client's error, or of Hibernate's translation of it; null for anything else. */
    private static String sqlState(Throwable t) {
        if (t instanceof PgException pg) {
            return pg.getSqlState();
        }
        return t instanceof SQLException sql ? sql.getSQLState() : null;
    }
}
