package io.watchkeeper.notifier.delivery;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitType;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.notifier.NotifierConfig;
import io.watchkeeper.notifier.channel.SendResult;
import io.watchkeeper.platform.time.Durations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One SmallRye Fault Tolerance guard per channel: the bot's rate limit (WeChat Work and DingTalk 20 a minute,
 * Feishu 100 a minute and 5 a second — configurable per type) and a circuit breaker that stops hammering a
 * channel that keeps failing. A send the guard holds back is not an attempt: the dispatcher sets it aside until
 * the guard would let it through, in order.
 */
@ApplicationScoped
public class ChannelGuards {

    /** The guard held the send back; {@code wait}: when to try again. */
    public static final class HeldBack extends RuntimeException {
        public final Duration wait;

        HeldBack(String why, Duration wait) {
            super(why, null, false, false);
            this.wait = wait;
        }
    }

    /** A send that did not get through, as the circuit breaker needs to see it. */
    static final class Failed extends RuntimeException {
        final SendResult result;

        Failed(SendResult result) {
            super(result.error(), null, false, false);
            this.result = result;
        }
    }

    private static final TypeLiteral<Uni<SendResult>> UNI_RESULT = new TypeLiteral<>() {};

    private final Map<UUID, Guard> guards = new ConcurrentHashMap<>();
    private final Map<UUID, Long> openUntil = new ConcurrentHashMap<>();
    private final Map<String, String> rateLimits;
    private final Duration breakerDelay;
    private final int breakerFailures;

    public ChannelGuards(NotifierConfig config) {
        this.rateLimits = config.rateLimit();
        this.breakerDelay = config.circuitBreaker().delay();
        this.breakerFailures = config.circuitBreaker().failures();
    }

    /**
     * Sends through the channel's guard. A rate limit or an open breaker fails with {@link HeldBack}; a send that
     * did not get through comes back as its {@link SendResult} (and counts against the breaker).
     */
    public Uni<SendResult> send(UUID channelId, String type, Supplier<Uni<SendResult>> send) {
        Guard guard = guards.computeIfAbsent(channelId, id -> guard(id, type));
        return guard.get(
                        () -> send.get().map(r -> {
                            if (!r.delivered() && !r.gone()) {
                                throw new Failed(r);
                            }
                            return r;
                        }),
                        UNI_RESULT)
                .onFailure(Failed.class)
                .recoverWithItem(e -> ((Failed) e).result)
                .onFailure(io.smallrye.faulttolerance.api.RateLimitException.class)
                .transform(e -> new HeldBack(
                        "rate limit of the channel",
                        Duration.ofMillis(Math.max(
                                100, ((io.smallrye.faulttolerance.api.RateLimitException) e).getRetryAfterMillis()))))
                .onFailure(org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException.class)
                .transform(e -> new HeldBack(
                        "circuit open: the channel kept failing",
                        Duration.ofMillis(
                                Math.max(100, openUntil.getOrDefault(channelId, 0L) - System.currentTimeMillis()))));
    }

    /** Whether channels of this type have a rate limit (their messages are then sent one by one, in order). */
    public boolean limited(String type) {
        return rateLimits.containsKey(type);
    }

    private Guard guard(UUID channelId, String type) {
        Guard.Builder builder = Guard.create().withDescription("channel " + channelId);
        Optional.ofNullable(rateLimits.get(type)).ifPresent(limit -> {
            // "N/window" or "N/window,minSpacing", e.g. 20/1m or 100/1m,200ms
            String[] parts = limit.split(",");
            String[] perWindow = parts[0].split("/");
            Guard.Builder.RateLimitBuilder rate = builder.withRateLimit()
                    .limit(Integer.parseInt(perWindow[0].trim()))
                    .window(Durations.parse(perWindow[1].trim()).toMillis(), ChronoUnit.MILLIS)
                    .type(RateLimitType.ROLLING);
            if (parts.length > 1) {
                rate.minSpacing(Durations.parse(parts[1].trim()).toMillis(), ChronoUnit.MILLIS);
            }
            rate.done();
        });
        // only a send that did not get through counts against the breaker, never a rate-limit rejection
        return builder.withCircuitBreaker()
                .failOn(Failed.class)
                .requestVolumeThreshold(breakerFailures)
                .failureRatio(1.0)
                .successThreshold(1)
                .delay(breakerDelay.toMillis(), ChronoUnit.MILLIS)
                .onStateChange(state -> {
                    if (state == CircuitBreakerState.OPEN) {
                        openUntil.put(channelId, System.currentTimeMillis() + breakerDelay.toMillis());
                    }
                })
                .done()
                .build();
    }
}
