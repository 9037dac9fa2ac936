package io.watchkeeper.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.watchkeeper.testsupport.TestDatabases;
import io.watchkeeper.testsupport.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schema migration as Kubernetes runs it (deploy/helm, k8s/: each pod's init container "migrate" runs the
 * service's image with QUARKUS_INIT_AND_EXIT=true, WK_MIGRATE_AT_START=true): it needs neither Kafka nor the OIDC
 * provider; replicas that start together take Liquibase's lock in turn and apply each change once; a migration killed
 * while holding the lock leaves none behind (a PostgreSQL session lock, liquibase-sessionlock), so the next pod's
 * migration goes on at once instead of waiting for a lock nobody will release; the service then starts without
 * migrating.
 */
class MigrationIT {

    static final List<String> SERVICES = List.of(
            "collector-service",
            "evaluator-service",
            "notifier-service",
            "quota-service",
            "iam-service",
            "api-gateway");

    @Test
    void two_replicas_migrating_at_once_apply_each_change_once_without_kafka_or_the_provider() throws Exception {
        String nowhere = "127.0.0.1:" + closedPort();
        try (Services services = new Services("http://" + nowhere + "/realms/nowhere")) {
            for (String service : SERVICES) {
                String db = services.database("migrate_" + service.replace("-", "_"));
                Map<String, String> migrate = Map.of(
                        "QUARKUS_INIT_AND_EXIT", "true", "WK_MIGRATE_AT_START", "true", "WK_KAFKA_BOOTSTRAP", nowhere);
                ServiceProcess first = services.start(service, db, migrate);
                ServiceProcess second = services.start(service, db, migrate);
                assertThat(first.awaitExit(Duration.ofSeconds(120)))
                        .as(service + " migration 1")
                        .isZero();
                assertThat(second.awaitExit(Duration.ofSeconds(120)))
                        .as(service + " migration 2")
                        .isZero();
                int applied = count(db, "SELECT count(*) FROM databasechangelog");
                assertThat(applied)
                        .as(service + " changes applied")
                        .isPositive()
                        .isEqualTo(count(db, "SELECT count(DISTINCT (id, author, filename)) FROM databasechangelog"));
                assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'databasechangeloglock'"))
                        .as("Liquibase's lock is a session lock, not a row")
                        .isZero();
            }
            String db = services.database("migrate_then_serve");
            ServiceProcess migration = services.start(
                    "quota-service", db, Map.of("QUARKUS_INIT_AND_EXIT", "true", "WK_MIGRATE_AT_START", "true"));
            assertThat(migration.awaitExit(Duration.ofSeconds(120))).isZero();
            services.start("quota-service", db, Map.of("WK_MIGRATE_AT_START", "false"));
            services.awaitReady();
        }
    }

    @Test
    void a_migration_killed_while_holding_the_lock_does_not_block_the_next_one() throws Exception {
        try (Services services = new Services("http://127.0.0.1:" + closedPort() + "/realms/nowhere")) {
            String reference = services.database("migrate_reference");
            ServiceProcess complete = services.start("notifier-service", reference, migrate());
            assertThat(complete.awaitExit(Duration.ofSeconds(120))).isZero();

            String db = services.database("migrate_killed");
            ServiceProcess killed = services.start("notifier-service", db, migrate());
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> killed.log().contains("Successfully acquired change log lock"));
            killed.kill();

            ServiceProcess next = services.start("notifier-service", db, migrate());
            assertThat(next.awaitExit(Duration.ofSeconds(60)))
                    .as("the next migration, see its log")
                    .isZero();
            assertThat(count(db, "SELECT count(*) FROM databasechangelog"))
                    .isEqualTo(count(reference, "SELECT count(*) FROM databasechangelog"));
        }
    }

    private static Map<String, String> migrate() {
        return Map.of("QUARKUS_INIT_AND_EXIT", "true", "WK_MIGRATE_AT_START", "true");
    }

    private static int count(String db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        TestDatabases.jdbcUrl(db), TestInfra.pgUser(), TestInfra.pgPassword());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }

    private static int closedPort() throws Exception {
        return ServiceProcess.freePort(); // nothing ever listens there
    }
}
