package io.watchkeeper.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

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

    public static void drop(String name) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
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
