package io.watchkeeper.notifier.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.notifier.channel.ChannelSender;
import io.watchkeeper.notifier.channel.ChannelSenders;
import io.watchkeeper.notifier.channel.ChannelSettings;
import io.watchkeeper.notifier.channel.SendResult;
import io.watchkeeper.platform.kafka.BackgroundWork;
import io.watchkeeper.platform.kafka.SerialPasses;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends pending deliveries: claim → send → record. A failed attempt is retried with exponential backoff
 * and jitter (longer when the far side asks with Retry-After) until {@code max-attempts}, so a channel that is
 * down for minutes gets everything once it is back; an endpoint that answers 410 is disabled. Runs on a timer
 * and whenever new deliveries are recorded.
 */
@ApplicationScoped
public class Dispatcher {

    private static final int BATCH = 50;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private final DeliveryLog log;
    private final Pool pool;
    private final ChannelSenders senders;
    private final ChannelGuards guards;
    private final MeterRegistry registry;
    private final int maxAttempts;
    private final Duration lease;
    private final SerialPasses passes;

    public Dispatcher(DeliveryLog log, Pool pool, ChannelSenders senders, ChannelGuards guards,
            BackgroundWork background, MeterRegistry registry,
            @ConfigProperty(name = "watchkeeper.notifier.max-attempts") int maxAttempts,
            @ConfigProperty(name = "watchkeeper.notifier.send-timeout") Duration sendTimeout) {
        this.log = log;
        this.pool = pool;
        this.senders = senders;
        this.guards = guards;
        this.passes = new SerialPasses("dispatcher", background, this::pass);
        this.registry = registry;
        this.maxAttempts = maxAttempts;
        this.lease = sendTimeout.multipliedBy(3);
    }

    /** Asks for a pass now (after deliveries were recorded); passes never overlap. */
    public void wake() {
        passes.request();
    }

    @Scheduled(every = "${watchkeeper.notifier.dispatch-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        wake();
    }

    /** One batch of due deliveries, each attempted once; true when the batch was full. */
    private Uni<Boolean> pass() {
        return log.claimDue(BATCH, lease)
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUniAndConcatenate(this::attempt)
                        .collect().asList().map(done -> claimed.size() == BATCH));
    }

    private Uni<Void> attempt(DeliveryLog.Claimed d) {
        return pool.preparedQuery("SELECT name, type, secret, signing_secret, secret_headers, settings, enabled FROM channel WHERE id = $1")
                .execute(Tuple.of(d.channelId()))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return log.skipped(d, "channel deleted");
                    }
                    Row c = rows.iterator().next();
                    if (!c.getBoolean("enabled")) {
                        return log.skipped(d, "channel disabled");
                    }
                    String type = c.getString("type");
                    ChannelSender sender = senders.of(type).orElse(null);
                    if (sender == null) {
                        return log.failed(d, "no sender for channel type " + type, null);
                    }
                    ChannelSettings settings = new ChannelSettings.Converter().convertToEntityAttribute(c.getString("settings"));
                    ChannelSender.Target target = senders.target(c.getString("name"), c.getString("secret"),
                            c.getString("signing_secret"), c.getString("secret_headers"), settings);
                    return guards.send(d.channelId(), type, () -> sender.send(target, d.id().toString(), d.alert()))
                            .chain(result -> record(d, type, result))
                            .onFailure(ChannelGuards.HeldBack.class).recoverWithUni(e -> {
                                ChannelGuards.HeldBack held = (ChannelGuards.HeldBack) e;
                                registry.counter("watchkeeper_notifier_deliveries_held_total", "integration", type).increment();
                                return log.holdBack(d, held.getMessage(), Instant.now().plus(held.wait));
                            });
                });
    }

    private Uni<Void> record(DeliveryLog.Claimed d, String type, SendResult result) {
        boolean last = d.attempt() >= maxAttempts || result.gone();
        registry.counter("watchkeeper_notifier_deliveries_total", "integration", type,
                "outcome", result.delivered() ? "sent" : last ? "failed" : "retry").increment();
        if (result.delivered()) {
            Log.infof("delivery %s of alert %s sent to channel %s", d.id(), d.alert().alertId(), d.channelId());
            return log.sent(d, result.response());
        }
        Log.warnf("delivery %s to channel %s failed (attempt %d): %s", d.id(), d.channelId(), d.attempt(), result.error());
        if (result.gone()) {
            // the endpoint says it no longer exists (Standard Webhooks: 410): stop sending to it at all
            Log.warnf("channel %s disabled: %s", d.channelId(), result.error());
            return pool.preparedQuery("UPDATE channel SET enabled = false WHERE id = $1").execute(Tuple.of(d.channelId()))
                    .chain(() -> log.failed(d, result.error(), result.response()));
        }
        if (last) {
            return log.failed(d, result.error(), result.response());
        }
        Duration wait = backoff(d.attempt());
        if (result.retryAfter() != null && result.retryAfter().compareTo(wait) > 0) {
            wait = result.retryAfter().compareTo(MAX_RETRY) > 0 ? MAX_RETRY : result.retryAfter();
        }
        return log.retryAt(d, result.error(), result.response(), Instant.now().plus(wait));
    }

    /** 1 s, 2 s, 4 s … capped at 5 min, with up to 20 % jitter so retries of many deliveries spread out. */
    static Duration backoff(int attempt) {
        long base = Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 5 + 1));
    }
}
