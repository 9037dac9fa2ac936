package io.watchkeeper.notifier.delivery;

import static io.watchkeeper.platform.metrics.Timed.timed;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.notifier.NotifierConfig;
import io.watchkeeper.notifier.channel.ChannelRepository;
import io.watchkeeper.notifier.channel.ChannelSender;
import io.watchkeeper.notifier.channel.ChannelSenders;
import io.watchkeeper.notifier.channel.ChannelSettings;
import io.watchkeeper.notifier.channel.Notification;
import io.watchkeeper.notifier.channel.SendResult;
import io.watchkeeper.platform.kafka.BackgroundWork;
import io.watchkeeper.platform.kafka.SerialPasses;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Sends pending deliveries: claim → send → record. Due deliveries of one group go out as one message (a channel
 * type that does not group, such as signed webhooks, gets one message per alert state). A failed attempt is retried
 * with exponential backoff and jitter (longer when the far side asks with Retry-After) until {@code max-attempts},
 * so a channel that is down for minutes gets everything once it is back; an endpoint that answers 410 is disabled.
 * Runs on a timer and whenever new deliveries are recorded. A pass sends for at most one send timeout: what it
 * claimed but has not started by then waits for the next pass (not an attempt), so no send outlives the claim's
 * lease (3 × send timeout) and no other instance can claim a delivery that is being sent.
 */
@ApplicationScoped
public class Dispatcher {

    private static final int BATCH = 500;
    /** Messages recorded per transaction; a hard crash can repeat at most these (sent, not yet recorded). */
    private static final int CHUNK = 32;

    private static final int SENDS_AT_ONCE = 32;
    private static final int CHANNELS_AT_ONCE = 8;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private final DispatchQueue queue;
    private final Pool pool;
    private final ChannelSenders senders;
    private final ChannelRepository channels;
    private final ChannelGuards guards;
    private final BackgroundWork background;
    private final MeterRegistry registry;
    private final int maxAttempts;
    private final Duration lease;
    private final long budgetNanos;
    private volatile long passStarted;
    private final SerialPasses passes;
    private final Timer claimTime;
    private final Timer sendTime;
    private final Timer settleTime;

    public Dispatcher(
            DispatchQueue queue,
            Pool pool,
            ChannelSenders senders,
            ChannelRepository channels,
            ChannelGuards guards,
            BackgroundWork background,
            MeterRegistry registry,
            NotifierConfig config) {
        this.queue = queue;
        this.pool = pool;
        this.senders = senders;
        this.channels = channels;
        this.guards = guards;
        this.background = background;
        this.passes = new SerialPasses("dispatcher", background, this::pass);
        this.registry = registry;
        this.maxAttempts = config.maxAttempts();
        this.lease = config.sendTimeout().multipliedBy(3);
        this.budgetNanos = config.sendTimeout().toNanos();
        this.claimTime = Timer.builder("watchkeeper_notifier_dispatch_claim")
                .description("claiming due deliveries")
                .register(registry);
        this.sendTime = Timer.builder("watchkeeper_notifier_dispatch_send")
                .description("one message through its guard")
                .register(registry);
        this.settleTime = Timer.builder("watchkeeper_notifier_dispatch_settle")
                .description("recording a chunk of sent messages")
                .register(registry);
    }

    /** Asks for a pass now (after deliveries were recorded); passes never overlap. */
    public void wake() {
        passes.request();
    }

    @Scheduled(
            every = "${watchkeeper.notifier.dispatch-interval}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        wake();
    }

    /** One batch of due deliveries, each attempted once; true when the batch was full. */
    private Uni<Boolean> pass() {
        passStarted = System.nanoTime();
        return timed(claimTime, () -> queue.claimDue(BATCH, lease)).chain(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            Map<UUID, List<List<DispatchQueue.Claimed>>> byChannel = new LinkedHashMap<>();
            messages(claimed).forEach(m -> byChannel
                    .computeIfAbsent(m.get(0).channelId(), k -> new ArrayList<>())
                    .add(m));
            return channels(byChannel.keySet())
                    .chain(rows -> Multi.createFrom()
                            .iterable(byChannel.entrySet())
                            .onItem()
                            .transformToUni(e -> channel(rows.get(e.getKey()), e.getValue()))
                            .merge(CHANNELS_AT_ONCE)
                            .collect()
                            .last())
                    .replaceWith(claimed.size() == BATCH);
        });
    }

    /** Claimed deliveries of one group (route, group key, channel) make one message; older ones go alone. */
    static List<List<DispatchQueue.Claimed>> messages(List<DispatchQueue.Claimed> claimed) {
        Map<List<Object>, List<DispatchQueue.Claimed>> groups = new LinkedHashMap<>();
        for (DispatchQueue.Claimed d : claimed) {
            List<Object> key =
                    d.routeId() == null ? List.of(d.id()) : List.of(d.channelId(), d.routeId(), d.groupKey());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
        }
        return new ArrayList<>(groups.values());
    }

    private Uni<Map<UUID, Row>> channels(java.util.Set<UUID> ids) {
        return pool.preparedQuery(
                        """
                        SELECT id, name, type, secret, signing_secret, secret_headers, settings, enabled
                          FROM channel WHERE id = ANY($1)""")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Row> byId = new java.util.HashMap<>();
                    rows.forEach(r -> byId.put(r.getUUID("id"), r));
                    return byId;
                });
    }

    /**
     * One channel's messages, a chunk at a time: a chunk is sent — one by one, in order, where the channel type has
     * a rate limit, else several at once — and then recorded in one transaction.
     */
    private Uni<Void> channel(Row c, List<List<DispatchQueue.Claimed>> messages) {
        if (c == null || !c.getBoolean("enabled")) {
            String why = c == null ? "channel deleted" : "channel disabled";
            return record(messages.stream()
                    .map(m -> DispatchQueue.Outcome.skipped(m, why))
                    .toList());
        }
        String type = c.getString("type");
        ChannelSender sender = senders.of(type).orElse(null);
        if (sender == null) {
            return record(messages.stream()
                    .map(m -> DispatchQueue.Outcome.failed(m, "no sender for channel type " + type, null))
                    .toList());
        }
        ChannelSettings settings = new ChannelSettings.Converter().convertToEntityAttribute(c.getString("settings"));
        ChannelSender.Target target = senders.target(
                c.getString("name"),
                c.getString("secret"),
                c.getString("signing_secret"),
                c.getString("secret_headers"),
                settings);
        List<List<DispatchQueue.Claimed>> all = sender.groupsAlerts()
                ? messages
                : messages.stream().flatMap(List::stream).map(List::of).toList();
        int parallel = guards.limited(type) ? 1 : SENDS_AT_ONCE;
        List<List<List<DispatchQueue.Claimed>>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        // a chunk is recorded before the next is sent: a hard kill repeats at most one chunk (recording it while the
        // next is sent measured ~7 % faster, for up to twice the repeats)
        return Multi.createFrom()
                .iterable(chunks)
                .onItem()
                .transformToUniAndConcatenate(chunk -> Multi.createFrom()
                        .iterable(chunk)
                        .onItem()
                        .transformToUni(m -> send(m, type, sender, target))
                        .merge(parallel)
                        .collect()
                        .asList()
                        .chain(outcomes ->
                                record(outcomes.stream().flatMap(List::stream).toList())))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /**
     * Records outcomes. Sent messages not recorded would go again when their claim's lease ends, so a transaction
     * that fails (the database restarting, a deadlock) is tried again for up to one send timeout: the pass's sends
     * started within one and took at most one, so the lease (three) still covers them. Recording twice is harmless
     * (every value is set, not added).
     */
    private Uni<Void> record(List<DispatchQueue.Outcome> outcomes) {
        return timed(settleTime, () -> queue.settle(outcomes))
                .onFailure()
                .invoke(e ->
                        Log.warnf("recording %d outcome(s) failed, trying again: %s", outcomes.size(), e.getMessage()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .expireIn(budgetNanos / 1_000_000);
    }

    private Uni<List<DispatchQueue.Outcome>> send(
            List<DispatchQueue.Claimed> message, String type, ChannelSender sender, ChannelSender.Target target) {
        if (System.nanoTime() - passStarted > budgetNanos) {
            registry.counter("watchkeeper_notifier_deliveries_held_total", "integration", type)
                    .increment(message.size());
            return Uni.createFrom()
                    .item(List.of(DispatchQueue.Outcome.heldBack(
                            message, "the dispatcher's pass ran out of time", Instant.now())));
        }
        DispatchQueue.Claimed first = message.get(0);
        Notification notification = new Notification(
                notificationId(message),
                message.stream().map(DispatchQueue.Claimed::alert).toList(),
                first.groupLabels());
        return timed(sendTime, () -> guards.send(first.channelId(), type, () -> sender.send(target, notification)))
                .chain(result -> outcomes(message, type, result))
                .onFailure(ChannelGuards.HeldBack.class)
                .recoverWithItem(e -> {
                    ChannelGuards.HeldBack held = (ChannelGuards.HeldBack) e;
                    registry.counter("watchkeeper_notifier_deliveries_held_total", "integration", type)
                            .increment(message.size());
                    return List.of(DispatchQueue.Outcome.heldBack(
                            message, held.getMessage(), Instant.now().plus(held.wait)));
                });
    }

    /**
     * The message's id, the same on every retry of the same deliveries: the delivery's own id when it carries one,
     * else derived from all of theirs.
     */
    static String notificationId(List<DispatchQueue.Claimed> message) {
        if (message.size() == 1) {
            return message.get(0).id().toString();
        }
        String ids = message.stream().map(d -> d.id().toString()).sorted().collect(Collectors.joining(","));
        return UUID.nameUUIDFromBytes(ids.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Uni<List<DispatchQueue.Outcome>> outcomes(
            List<DispatchQueue.Claimed> message, String type, SendResult result) {
        DispatchQueue.Claimed first = message.get(0);
        if (result.delivered()) {
            count(type, "sent", message.size());
            Log.debugf(
                    "message %s with %d alert(s) sent to channel %s",
                    notificationId(message), message.size(), first.channelId());
            return Uni.createFrom().item(List.of(DispatchQueue.Outcome.sent(message, result.response())));
        }
        Log.warnf(
                "message %s to channel %s failed (attempt %d): %s",
                notificationId(message), first.channelId(), first.attempt(), result.error());
        if (result.gone()) {
            // the endpoint says it no longer exists (Standard Webhooks: 410): stop sending to it at all
            count(type, "failed", message.size());
            Log.warnf("channel %s disabled: %s", first.channelId(), result.error());
            // a session of its own: the pass sends to several channels at once
            return background
                    .isolated(() -> channels.disable(first.channelId()))
                    .replaceWith(List.of(DispatchQueue.Outcome.failed(message, result.error(), result.response())));
        }
        // deliveries that joined a message being retried have had fewer attempts: each gives up on its own count
        List<DispatchQueue.Claimed> exhausted =
                message.stream().filter(d -> d.attempt() >= maxAttempts).toList();
        List<DispatchQueue.Claimed> again =
                message.stream().filter(d -> d.attempt() < maxAttempts).toList();
        count(type, "failed", exhausted.size());
        count(type, "retry", again.size());
        List<DispatchQueue.Outcome> outcomes = new ArrayList<>();
        if (!exhausted.isEmpty()) {
            outcomes.add(DispatchQueue.Outcome.failed(exhausted, result.error(), result.response()));
        }
        if (!again.isEmpty()) {
            Duration wait = backoff(again.stream()
                    .mapToInt(DispatchQueue.Claimed::attempt)
                    .max()
                    .orElse(1));
            if (result.retryAfter() != null && result.retryAfter().compareTo(wait) > 0) {
                wait = result.retryAfter().compareTo(MAX_RETRY) > 0 ? MAX_RETRY : result.retryAfter();
            }
            outcomes.add(DispatchQueue.Outcome.retry(
                    again, result.error(), result.response(), Instant.now().plus(wait)));
        }
        return Uni.createFrom().item(outcomes);
    }

    private void count(String type, String outcome, int deliveries) {
        if (deliveries > 0) {
            registry.counter("watchkeeper_notifier_deliveries_total", "integration", type, "outcome", outcome)
                    .increment(deliveries);
        }
    }

    /** 1 s, 2 s, 4 s … capped at 5 min, with up to 20 % jitter so retries of many deliveries spread out. */
    static Duration backoff(int attempt) {
        long base = Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 5 + 1));
    }
}
