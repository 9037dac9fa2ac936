package io.watchkeeper.evaluator.alert;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.evaluator.EvaluatorConfig;
import io.watchkeeper.platform.kafka.BackgroundWork;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * How long the evaluator keeps alert history: an alert whose episode ended longer ago than {@code retention.alerts}
 * is forgotten, hourly, with its transitions and the remediation runs recorded for it. Open alerts are never
 * touched, however old.
 */
@ApplicationScoped
public class AlertRetention {

    private final AlertRepository alerts;
    private final ActionsTaken actions;
    private final BackgroundWork background;
    private final Duration retention;

    public AlertRetention(
            AlertRepository alerts, ActionsTaken actions, BackgroundWork background, EvaluatorConfig config) {
        this.alerts = alerts;
        this.actions = actions;
        this.background = background;
        this.retention = config.retention().alerts();
    }

    @Scheduled(
            every = "1h",
            delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return prune(Instant.now()).replaceWithVoid();
    }

    /** Forgets what ended before {@code now} minus the retention; returns how many alerts. */
    public Uni<Long> prune(Instant now) {
        Instant before = now.minus(retention);
        // a session of its own, whoever calls
        return background
                .isolated(() -> alerts.deleteEndedBefore(before))
                .call(() -> actions.forgetOrphansBefore(before))
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("forgot %d alert(s) that ended more than %s ago", n, retention);
                    }
                });
    }
}
