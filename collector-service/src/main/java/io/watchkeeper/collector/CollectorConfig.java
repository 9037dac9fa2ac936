package io.watchkeeper.collector;

import io.smallrye.config.ConfigMapping;
import java.math.BigDecimal;
import java.time.Duration;

/** The collector's settings, {@code watchkeeper.collector.*}; each variable is {@code WK_COLLECTOR_*} (README). */
@ConfigMapping(prefix = "watchkeeper.collector")
public interface CollectorConfig {

    Poll poll();

    /** How soon a source may be refreshed by hand again. */
    Duration refreshCooldown();

    Ingest ingest();

    Heartbeat heartbeat();

    Retention retention();

    interface Poll {

        /** How often due sources are looked for ({@code off}: only when woken). */
        String tick();

        /** Polls running at once. */
        int concurrency();

        Duration timeout();

        int retries();

        /** How long a provider's open circuit breaker waits before one poll may try. */
        Duration breakerDelay();

        /** Failed polls in a row after which each failure also publishes {@code collector_source_failing}. */
        int failingAfter();

        Duration defaultInterval();

        Duration minInterval();

        Adaptive adaptive();

        interface Adaptive {

            /** A balance losing more than this % within one interval is polled sooner. */
            BigDecimal dropPct();

            /** How many times sooner. */
            int factor();
        }
    }

    interface Ingest {

        int maxItems();

        int maxBytes();

        /** How long {@code POST /api/events/notify} waits for the alert its event opened or updated ({@code 0}: not). */
        Duration notifyAnswerWait();
    }

    interface Heartbeat {

        /** How often pings are written to the database ({@code off}: never). */
        String flushInterval();

        /** A signal's body is kept up to this many characters. */
        int maxBody();
    }

    interface Retention {

        Duration observations();

        Duration energyReadings();

        Duration heartbeatChecks();
    }
}
