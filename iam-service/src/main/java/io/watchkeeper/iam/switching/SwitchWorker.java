package io.watchkeeper.iam.switching;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.iam.cloud.CloudError;
import io.watchkeeper.platform.kafka.BackgroundWork;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Carries out recorded switches until each is done: woken when one is recorded and every tick, it leases the next
 * switch in line (one per user at a time, in order; never one another instance holds), runs it, and on failure
 * keeps the error and tries again later with growing backoff (up to a minute) — a cloud that is down delays a
 * switch, never drops it. {@code watchkeeper_iam_switches_pending} and
 * {@code watchkeeper_iam_switch_oldest_pending_seconds} show the backlog.
 */
@ApplicationScoped
public class SwitchWorker {

    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    static final int PER_PASS = 50;

    private final SwitchRepository switches;
    private final Switcher switcher;
    private final BackgroundWork background;
    private final Duration lease;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile SwitchRepository.Backlog backlog = new SwitchRepository.Backlog(0, null, null);

    public SwitchWorker(
            SwitchRepository switches,
            Switcher switcher,
            BackgroundWork background,
            MeterRegistry registry,
            @ConfigProperty(name = "watchkeeper.iam.switch.lease", defaultValue = "120s") Duration lease) {
        this.switches = switches;
        this.switcher = switcher;
        this.background = background;
        this.lease = lease;
        Gauge.builder("watchkeeper_iam_switches_pending", this, w -> w.backlog.pending())
                .description("switches of IAM users recorded and not yet carried out against the cloud")
                .register(registry);
        Gauge.builder("watchkeeper_iam_switch_oldest_pending_seconds", this, SwitchWorker::oldestSeconds)
                .description("age of the oldest switch still pending (0: none)")
                .register(registry);
    }

    @Scheduled(
            every = "${watchkeeper.iam.switch.tick:1s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        wake();
    }

    /** Runs the switches waiting now; a wake-up during a pass makes another pass. */
    public void wake() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            background.run(this::passes);
        }
    }

    private Uni<Void> passes() {
        again.set(false);
        return pass(0).onTermination().invoke(() -> {
            running.set(false);
            if (again.get()) {
                wake();
            }
        });
    }

    private Uni<Void> pass(int done) {
        if (done >= PER_PASS) {
            return refreshBacklog();
        }
        return switches.claim(null, lease)
                .chain(s -> s == null ? refreshBacklog() : attempt(s).chain(() -> pass(done + 1)));
    }

    /** Runs one switch now if it is first in its user's line; whether it is done. */
    public Uni<Boolean> runNow(String switchId) {
        return switches.claim(switchId, lease)
                .chain(s -> s == null ? Uni.createFrom().item(false) : attempt(s))
                .call(this::refreshBacklog);
    }

    private Uni<Boolean> attempt(Switch s) {
        return switcher.run(s, lease).replaceWith(true).onFailure().recoverWithUni(e -> {
            Duration retryIn = backoff(s.attempts());
            Log.warnf(
                    "switch %s (%s of user %s) failed, attempt %d, next in %s: %s",
                    s.id(), s.direction().wire(), s.userId(), s.attempts(), retryIn, message(e));
            return switches.failed(s.id(), message(e), retryIn).replaceWith(false);
        });
    }

    static Duration backoff(int attempts) {
        long seconds = 1L << Math.min(Math.max(attempts - 1, 0), 6);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    private static String message(Throwable e) {
        return e instanceof CloudError ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private Uni<Void> refreshBacklog() {
        return switches.backlog()
                .invoke(b -> backlog = b)
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> Log.debugf("backlog not read: %s", e.toString()))
                .onFailure()
                .recoverWithNull();
    }

    public SwitchRepository.Backlog backlog() {
        return backlog;
    }

    private double oldestSeconds() {
        Instant oldest = backlog.oldest();
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }
}
