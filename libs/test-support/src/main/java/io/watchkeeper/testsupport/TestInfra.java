package io.watchkeeper.testsupport;

/**
 * Where the infrastructure started by {@code deploy/local/test.sh} is. The defaults match that script, so
 * a developer can run {@code ./mvnw verify -pl <module>} while a broker from it is up.
 */
public final class TestInfra {

    private TestInfra() {}

    public static String kafkaBootstrap() {
        return env("WK_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    }

    /**
     * The broker's listener for outage tests ("host:port"): it advertises {@link #kafkaOutageProxy()}, so a client
     * that starts there reaches the broker only through a {@link TcpProxy} on that address.
     */
    public static String kafkaOutageListener() {
        return env("WK_TEST_KAFKA_OUTAGE_LISTENER", "127.0.0.1:19094");
    }

    /** Where the outage test's {@link TcpProxy} listens: the address the outage listener advertises. */
    public static String kafkaOutageProxy() {
        return env("WK_TEST_KAFKA_OUTAGE_PROXY", "127.0.0.1:19095");
    }

    public static String pgHost() {
        return env("WK_TEST_PG_HOST", "127.0.0.1");
    }

    public static int pgPort() {
        return Integer.parseInt(env("WK_TEST_PG_PORT", "5432"));
    }

    public static String pgUser() {
        return env("WK_TEST_PG_USER", "watchkeeper");
    }

    public static String pgPassword() {
        return env("WK_TEST_PG_PASSWORD", "watchkeeper");
    }

    /** A random AES-256 key (base64) for this test JVM; services under test and processes it starts share it. */
    public static String encryptionKey() {
        return perJvm("watchkeeper.test.encryption-key", () -> {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            return java.util.Base64.getEncoder().encodeToString(key);
        });
    }

    /**
     * A value made once per JVM. Kept in a system property because Quarkus tests load this class in more than one
     * class loader, and a static field would give each its own value.
     */
    static String perJvm(String property, java.util.function.Supplier<String> make) {
        synchronized (System.getProperties()) {
            String value = System.getProperty(property);
            if (value == null) {
                value = make.get();
                System.setProperty(property, value);
            }
            return value;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
