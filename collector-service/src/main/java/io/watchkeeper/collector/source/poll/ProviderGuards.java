package io.watchkeeper.collector.source.poll;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.CollectorConfig;
import io.watchkeeper.collector.source.adapter.PollFailure;
import io.watchkeeper.collector.source.adapter.Reading;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One SmallRye Fault Tolerance guard per provider: a timeout per call, retries of transient failures with
 * exponential backoff and jitter, and a circuit breaker — so a provider that hangs or fails costs its own
 * sources time, never the other providers'.
 */
@ApplicationScoped
public class ProviderGuards {

    private final Map<String, TypedGuard<Uni<List<Reading>>>> guards = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> breakerOpen = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Duration timeout;
    private final int retries;
    private final Duration breakerDelay;

    public ProviderGuards(MeterRegistry registry, CollectorConfig config) {
        this.registry = registry;
        this.timeout = config.poll().timeout();
        this.retries = config.poll().retries();
        this.breakerDelay = config.poll().breakerDelay();
    }

    public Uni<List<Reading>> call(String provider, java.util.function.Supplier<Uni<List<Reading>>> poll) {
        return guards.computeIfAbsent(provider, this::build).get(poll);
    }

    private TypedGuard<Uni<List<Reading>>> build(String provider) {
        AtomicInteger open = registry.gauge(
                "watchkeeper_collector_circuit_open",
                List.of(io.micrometer.core.instrument.Tag.of("provider", provider)),
                new AtomicInteger());
        breakerOpen.put(provider, open);
        long timeoutMs = timeout.toMillis();
        return TypedGuard.create(new TypeLiteral<Uni<List<Reading>>>() {})
                .withDescription("poll " + provider)
                .withTimeout()
                .duration(timeoutMs, ChronoUnit.MILLIS)
                .done()
                .withRetry()
                .maxRetries(retries)
                .delay(Math.min(200, timeoutMs), ChronoUnit.MILLIS)
                .jitter(Math.min(100, timeoutMs / 2), ChronoUnit.MILLIS)
                .retryOn(List.of(
                        PollFailure.Transient.class,
                        org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class))
                .withExponentialBackoff()
                .factor(2)
                .maxDelay(5, ChronoUnit.SECONDS)
                .done()
                .done()
                .withCircuitBreaker()
                .name("poll-" + provider)
                .requestVolumeThreshold(10)
                .failureRatio(0.5)
                .delay(breakerDelay.toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .failOn(List.of(
                        PollFailure.Transient.class,
                        org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class))
                .onStateChange(state -> open.set(state == CircuitBreakerState.OPEN ? 1 : 0))
                .done()
                .build();
    }
}
