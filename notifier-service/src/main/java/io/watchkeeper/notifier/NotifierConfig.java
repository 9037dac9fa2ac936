package io.watchkeeper.notifier;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Map;

/** The notifier's settings, {@code watchkeeper.notifier.*}; each variable is {@code WK_NOTIFIER_*} (README). */
@ConfigMapping(prefix = "watchkeeper.notifier")
public interface NotifierConfig {

    /** How often the dispatcher looks for due deliveries besides being woken ({@code off}: only when woken). */
    String dispatchInterval();

    /** How often repeats and ended mutes are looked for ({@code off}: never). */
    String repeatCheckInterval();

    /** The routing tree, silences, inhibit rules and automatic actions are read at most this often. */
    Duration configCache();

    int maxAttempts();

    Duration sendTimeout();

    /** Finished alerts with their deliveries and runs, and ended silences, are kept this long. */
    Duration retention();

    /** A run still {@code running} after this was interrupted. */
    Duration actionInterruptedAfter();

    /** A tenant's namespaces: the tenant's name followed by this regex. */
    String tenantNamespaceSuffix();

    /** Per channel type, {@code N/window[,minSpacing]}; a type not named here has none. */
    Map<String, String> rateLimit();

    CircuitBreaker circuitBreaker();

    /** Alertmanager's {@code externalURL}: where links in messages point. */
    String externalUrl();

    interface CircuitBreaker {

        /** Failed sends in a row that open a channel's breaker. */
        int failures();

        /** How long it stays open before one send may try. */
        Duration delay();
    }
}
