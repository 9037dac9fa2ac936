package io.watchkeeper.collector.source.adapter;

import java.time.Duration;

/**
 * A typed poll error. {@link Transient} failures (timeouts, 5xx, connection) are retried and count
 * against the provider's circuit breaker; the others (bad credential, bad configuration, an unexpected
 * answer) are not — retrying them cannot help.
 */
public class PollFailure extends RuntimeException {

    public enum Kind {
        AUTH,
        PAYMENT_REQUIRED,
        RATE_LIMITED,
        BAD_REQUEST,
        BAD_RESPONSE,
        UNAVAILABLE,
        TIMEOUT,
        CIRCUIT_OPEN
    }

    private final Kind kind;
    private final Duration retryAfter;

    public PollFailure(Kind kind, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public PollFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** What the provider asked for (429/503 {@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The transient kind, as its own type so fault-tolerance policies can select it. */
    public static final class Transient extends PollFailure {
        public Transient(Kind kind, String message, Duration retryAfter) {
            super(kind, message, retryAfter);
        }
    }

    public static PollFailure of(Kind kind, String message, Duration retryAfter) {
        return kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT
                ? new Transient(kind, message, retryAfter)
                : new PollFailure(kind, message, retryAfter);
    }

    @Override
    public String toString() {
        return kind + ": " + getMessage();
    }
}
