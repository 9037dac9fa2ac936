package io.watchkeeper.collector.retention;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.CollectorConfig;
import io.watchkeeper.collector.heartbeat.CheckRegistry;
import io.watchkeeper.collector.ingest.EnergyLedger;
import io.watchkeeper.collector.source.History;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * How long the collector remembers, applied hourly by each table's owner: raw balance observations, raw meter
 * readings (daily totals and bill snapshots stay), and heartbeat checks that have been silent that long.
 */
@ApplicationScoped
public class Retention {

    private final History history;
    private final EnergyLedger energy;
    private final CheckRegistry checks;
    private final Duration observations;
    private final Duration energyReadings;
    private final Duration heartbeatChecks;

    public Retention(History history, EnergyLedger energy, CheckRegistry checks, CollectorConfig config) {
        this.history = history;
        this.energy = energy;
        this.checks = checks;
        this.observations = config.retention().observations();
        this.energyReadings = config.retention().energyReadings();
        this.heartbeatChecks = config.retention().heartbeatChecks();
    }

    @Scheduled(
            every = "1h",
            delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return prune(Instant.now());
    }

    /** Forgets what was older than each retention at {@code now}. */
    public Uni<Void> prune(Instant now) {
        return history.prune(now.minus(observations))
                .chain(() -> energy.prune(now.minus(energyReadings)))
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("forgot %d meter reading(s) read more than %s ago", n, energyReadings);
                    }
                })
                .chain(() -> checks.forgetSilentSince(now.minus(heartbeatChecks)))
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("forgot %d heartbeat check(s) silent for more than %s", n, heartbeatChecks);
                    }
                })
                .replaceWithVoid();
    }
}
