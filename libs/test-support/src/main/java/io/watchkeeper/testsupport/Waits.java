package io.watchkeeper.testsupport;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * How long tests wait, in one place. A wait ends as soon as its condition holds: the bounds only say how long a
 * failing test takes to say so. {@code WK_TEST_WAIT_FACTOR} (default 1) stretches them on a slower machine.
 */
public final class Waits {

    private static final double FACTOR = Double.parseDouble(System.getenv().getOrDefault("WK_TEST_WAIT_FACTOR", "1"));

    /** Something in the service itself: a REST effect, a scheduled pass, a local publication. */
    public static final Duration SHORT = scaled(5);
    /** An event through the broker, the service and its database to what it publishes or sends. */
    public static final Duration FLOW = scaled(20);
    /** Through an outage: the service noticing, retrying and catching up. */
    public static final Duration RECOVERY = scaled(60);
    /** How long "nothing more arrives" is watched. */
    public static final Duration QUIET = scaled(3);

    private Waits() {}

    /** Until the condition holds, at most {@link #SHORT}. */
    public static ConditionFactory shortly() {
        return Awaitility.await().atMost(SHORT);
    }

    /** Until the condition holds, at most {@link #FLOW}. */
    public static ConditionFactory flow() {
        return Awaitility.await().atMost(FLOW);
    }

    /** Until the condition holds, at most {@link #RECOVERY}. */
    public static ConditionFactory recovery() {
        return Awaitility.await().atMost(RECOVERY);
    }

    /** The condition must keep holding for {@link #QUIET}: a duplicate or a late message would break it. */
    public static ConditionFactory quiet() {
        return Awaitility.await().during(QUIET).atMost(QUIET.plus(scaled(2)));
    }

    private static Duration scaled(long seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000 * FACTOR));
    }
}
