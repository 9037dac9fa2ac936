package io.watchkeeper.platform.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private static PgException pg(String state) {
        return new PgException("message", "ERROR", state, null);
    }

    @Test
    void the_database_or_broker_unreachable_passes_by_itself() {
        assertThat(Failures.isTransient(new ConnectException("Connection refused")))
                .isTrue();
        assertThat(Failures.isTransient(new RuntimeException("wrapped", new ConnectException("refused"))))
                .isTrue();
        assertThat(Failures.isTransient(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(Failures.isTransient(new VertxException("Timeout waiting for connection", true)))
                .isTrue();
        assertThat(Failures.isTransient(new io.vertx.core.impl.NoStackTraceThrowable("Pool closed")))
                .isTrue();
        assertThat(Failures.isTransient(new CompletionException(new TimeoutException("Expiring 1 record(s)"))))
                .isTrue();
        assertThat(Failures.isTransient(pg("57P01"))).as("admin shutdown").isTrue();
        assertThat(Failures.isTransient(pg("08006"))).as("connection failure").isTrue();
        assertThat(Failures.isTransient(pg("53300"))).as("too many connections").isTrue();
        assertThat(Failures.isTransient(pg("40P01"))).as("deadlock").isTrue();
        assertThat(Failures.isTransient(pg("40001"))).as("serialization").isTrue();
    }

    @Test
    void a_failure_the_same_input_causes_again_does_not() {
        assertThat(Failures.isTransient(pg("22021"))).as("NUL in text").isFalse();
        assertThat(Failures.isTransient(pg("22003"))).as("numeric out of range").isFalse();
        assertThat(Failures.isTransient(pg("23505"))).as("unique violation").isFalse();
        assertThat(Failures.isTransient(new ArithmeticException("BigInteger would overflow supported range")))
                .isFalse();
        assertThat(Failures.isTransient(new IllegalArgumentException("bad"))).isFalse();
        assertThat(Failures.isTransient(new NullPointerException())).isFalse();
        assertThat(Failures.isTransient(new RecordTooLargeException("too large")))
                .isFalse();
        assertThat(Failures.isTransient(io.vertx.sqlclient.TransactionRollbackException.INSTANCE))
                .isFalse();
    }

    @Test
    void hibernate_s_translation_keeps_the_sql_state() {
        java.sql.SQLException data = new java.sql.SQLException("invalid byte sequence", "22021", pg("22021"));
        java.sql.SQLException down = new java.sql.SQLException("terminating connection", "57P01");
        assertThat(Failures.isRefusedValue(new RuntimeException("DataException", data)))
                .isTrue();
        assertThat(Failures.isTransient(new RuntimeException("DataException", data)))
                .isFalse();
        assertThat(Failures.isTransient(new RuntimeException("JDBCException", down)))
                .isTrue();
        assertThat(Failures.isRefusedValue(new IllegalStateException("bug"))).isFalse();
    }
}
