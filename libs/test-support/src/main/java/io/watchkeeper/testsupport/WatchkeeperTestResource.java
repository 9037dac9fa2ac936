package io.watchkeeper.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a service under test at the real infrastructure: the Kafka broker and PostgreSQL server that
 * {@code deploy/local/test.sh} started, a fresh database for this test run (dropped afterwards), and the
 * test token key. Fills {@code @InjectKafkaCompanion KafkaCompanion} fields with a companion on the same
 * broker (the stock companion resource needs Docker).
 *
 * <pre>
 * &#64;QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = &#64;ResourceArg(name = "service", value = "evaluator"))
 * </pre>
 */
public class WatchkeeperTestResource implements QuarkusTestResourceLifecycleManager {

    private String service = "service";
    private String kafkaBootstrap;
    private String database;
    private KafkaCompanion companion;
    private boolean brokerBehindProxy;
    private TcpProxy brokerProxy;
    private boolean databaseBehindProxy;
    private TcpProxy databaseProxy;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", service);
        // another broker address for the service (e.g. one nobody listens on); the companion stays on the real one
        kafkaBootstrap = initArgs.get("kafkaBootstrap");
        // "true": the service reaches the broker only through a TcpProxy the test can cut (injected into its
        // TcpProxy field), as in a broker outage; the companion stays on the broker
        brokerBehindProxy = Boolean.parseBoolean(initArgs.get("brokerBehindProxy"));
        // "true": the service's reactive pool reaches PostgreSQL only through a TcpProxy the test can cut (injected
        // into
        // its TcpProxy field), as in a database outage; migrations at start go direct. One proxy per resource.
        databaseBehindProxy = Boolean.parseBoolean(initArgs.get("databaseBehindProxy"));
    }

    @Override
    public Map<String, String> start() {
        database = TestDatabases.create(service);
        if (brokerBehindProxy) {
            brokerProxy = TcpProxy.start(TestInfra.kafkaOutageProxy(), TestInfra.kafkaOutageListener());
            kafkaBootstrap = TestInfra.kafkaOutageProxy();
        }
        companion = new KafkaCompanion(TestInfra.kafkaBootstrap());
        Map<String, String> config = new HashMap<>(TestTokens.oidcConfig());
        config.put("kafka.bootstrap.servers", kafkaBootstrap != null ? kafkaBootstrap : TestInfra.kafkaBootstrap());
        if (databaseBehindProxy) {
            String listen = "127.0.0.1:" + freePort();
            databaseProxy = TcpProxy.start(listen, TestInfra.pgHost() + ":" + TestInfra.pgPort());
            config.put("quarkus.datasource.reactive.url", "postgresql://" + listen + "/" + database);
        } else {
            config.put("quarkus.datasource.reactive.url", TestDatabases.reactiveUrl(database));
        }
        config.put("quarkus.datasource.jdbc.url", TestDatabases.jdbcUrl(database));
        config.put("quarkus.datasource.username", TestInfra.pgUser());
        config.put("quarkus.datasource.password", TestInfra.pgPassword());
        config.put("watchkeeper.encryption-key", TestInfra.encryptionKey());
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                companion, new TestInjector.AnnotatedAndMatchesType(InjectKafkaCompanion.class, KafkaCompanion.class));
        if (brokerProxy != null) {
            injector.injectIntoFields(brokerProxy, new TestInjector.MatchesType(TcpProxy.class));
        }
        if (databaseProxy != null) {
            injector.injectIntoFields(databaseProxy, new TestInjector.MatchesType(TcpProxy.class));
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (companion != null) {
            companion.close();
        }
        if (brokerProxy != null) {
            brokerProxy.close();
        }
        if (databaseProxy != null) {
            databaseProxy.close();
        }
        if (database != null) {
            TestDatabases.drop(database);
        }
    }
}
