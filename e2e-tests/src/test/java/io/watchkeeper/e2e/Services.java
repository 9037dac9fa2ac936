package io.watchkeeper.e2e;

import io.watchkeeper.testsupport.TestDatabases;
import io.watchkeeper.testsupport.TestInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The packaged services a test runs, each against a database of its own, all stopped and dropped at the end. */
final class Services implements AutoCloseable {

    static final Path ROOT =
            Path.of(System.getProperty("wk.repo.root", "..")).toAbsolutePath().normalize();

    private final String issuer;
    private final List<ServiceProcess> running = new ArrayList<>();
    private final List<String> databases = new ArrayList<>();

    /** @param issuer the OIDC issuer every service trusts (a stub) */
    Services(String issuer) {
        this.issuer = issuer;
    }

    /** A new database named after {@code db}, for one or more instances. */
    String database(String db) {
        String database = TestDatabases.create("e2e_" + db);
        databases.add(database);
        return database;
    }

    ServiceProcess start(String module, String database, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        env.put("WK_DB_HOST", TestInfra.pgHost());
        env.put("WK_DB_PORT", String.valueOf(TestInfra.pgPort()));
        env.put("WK_DB_NAME", database);
        env.put("WK_DB_USER", TestInfra.pgUser());
        env.put("WK_DB_PASSWORD", TestInfra.pgPassword());
        env.put("WK_KAFKA_BOOTSTRAP", TestInfra.kafkaBootstrap());
        env.put("WK_OIDC_URL", issuer);
        env.put("WK_ENCRYPTION_KEY", TestInfra.encryptionKey());
        ServiceProcess process = ServiceProcess.start(ROOT, module, env);
        running.add(process);
        return process;
    }

    /** Waits until every service the test has not stopped is ready. */
    void awaitReady() {
        for (ServiceProcess s : running) {
            if (!s.expectedToStop()) { // one that exited by itself fails here, naming its log
                s.awaitReady(Duration.ofSeconds(90));
                System.out.printf("e2e: %s ready on port %d, RSS %d MiB%n", s.name, s.port, s.rssMib());
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess s : running) {
            s.close();
        }
        databases.forEach(TestDatabases::drop);
    }
}
