package io.watchkeeper.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.awaitility.Awaitility;

/** Per-run databases: each test run gets a fresh, uniquely named one and drops it at the end. */
public final class TestDatabases {

    private TestDatabases() {}

    /** Creates {@code wkt_<service>_<random>} owned by the test role and returns its name. */
    public static String create(String service) {
        String name = ("wkt_" + service.replaceAll("[^A-Za-z0-9]", "_") + "_"
                        + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + name);
        return name;
    }

    /**
     * Drops the database and its connections. An autovacuum worker busy in it cannot be ended by the test role
     * (PostgreSQL refuses with insufficient_privilege, 42501): it finishes within moments, so the drop is tried until
     * it goes through.
     */
    public static void drop(String name) {
        String sql = "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsMatching(
                        e -> e.getCause() instanceof SQLException s && "42501".equals(s.getSQLState()))
                .until(() -> {
                    admin(sql);
                    return true;
                });
    }

    public static String reactiveUrl(String db) {
        return "postgresql://" + TestInfra.pgHost() + ":" + TestInfra.pgPort() + "/" + db;
    }

    public static String jdbcUrl(String db) {
        return "jdbc:postgresql://" + TestInfra.pgHost() + ":" + TestInfra.pgPort() + "/" + db;
    }

    private static void admin(String sql) {
        try (Connection c =
                        DriverManager.getConnection(jdbcUrl("postgres"), TestInfra.pgUser(), TestInfra.pgPassword());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + TestInfra.pgHost() + ":" + TestInfra.pgPort() + " refused '" + sql
                            + "' — run the tests through deploy/local/test.sh",
                    e);
        }
    }
}
