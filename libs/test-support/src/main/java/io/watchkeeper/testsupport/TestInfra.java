package io.watchkeeper.testsupport;

/**
 * Where the infrastructure started by {@code deploy/local/test.sh} is. The defaults match that script, so
 * a developer can run {@code ./mvnw verify -pl <module>} while a broker from it is up.
 */
public final class TestInfra {

    private TestInfra() {
    }

    public static String kafkaBootstrap() {
        return env("WK_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
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

    /** A fixed AES-256 key for tests only (32 zero-free bytes, base64). */
    public static final String ENCRYPTION_KEY = "dGVzdC1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
