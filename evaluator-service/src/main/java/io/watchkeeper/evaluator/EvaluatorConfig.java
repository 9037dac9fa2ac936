package io.watchkeeper.evaluator;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The evaluator's settings, {@code watchkeeper.evaluator.*}; each variable is {@code WK_EVALUATOR_*} (README). */
@ConfigMapping(prefix = "watchkeeper.evaluator")
public interface EvaluatorConfig {

    /** How often every binding is evaluated without traffic (silence, for, windows sliding, renewals). */
    Duration tick();

    Duration checkpointInterval();

    /** A partition that counted quota usage checkpoints this soon. */
    Duration quotaCheckpoint();

    Duration quotaCheck();

    /** How often rule changes of other instances are read. */
    Duration ruleSync();

    /** Events stamped further ahead than this are refused. */
    Duration maxFuture();

    /** A series without events this long leaves memory. */
    Duration idleAfter();

    Retention retention();

    interface Retention {

        /** Alerts whose episode ended longer ago are forgotten. */
        Duration alerts();
    }
}
