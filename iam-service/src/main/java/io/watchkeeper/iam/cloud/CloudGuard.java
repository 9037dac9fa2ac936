package io.watchkeeper.iam.cloud;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * SmallRye Fault Tolerance around every call to the cloud, one guard per main account: a timeout per call, retries
 * with exponential backoff of throttling, 5xx, timeouts and an unreachable cloud only (a refused call is never
 * repeated), and a circuit breaker, so a cloud that is down answers at once instead of holding every caller.
 * {@code watchkeeper_iam_cloud_circuit_open{account}} is 1 while an account's breaker is open.
 */
@ApplicationScoped
public class CloudGuard {

    private final Map<String, TypedGuard<Uni<Object>>> guards = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final Duration breakerDelay;

    public CloudGuard(
            MeterRegistry registry,
            @ConfigProperty(name = "watchkeeper.iam.cloud.timeout", defaultValue = "10s") Duration timeout,
            @ConfigProperty(name = "watchkeeper.iam.cloud.retries", defaultValue = "3") int retries,
            @ConfigProperty(name = "watchkeeper.iam.cloud.backoff", defaultValue = "200ms") Duration backoff,
            @ConfigProperty(name = "watchkeeper.iam.cloud.breaker-delay", defaultValue = "30s") Duration breakerDelay) {
        this.registry = registry;
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = backoff;
        this.breakerDelay = breakerDelay;
    }

    @SuppressWarnings("unchecked")
    public <T> Uni<T> call(String accountId, Supplier<Uni<T>> call) {
        TypedGuard<Uni<Object>> guard = guards.computeIfAbsent(accountId, this::build);
        return (Uni<T>) guard.get(() -> (Uni<Object>) call.get());
    }

    private TypedGuard<Uni<Object>> build(String accountId) {
        AtomicInteger open = registry.gauge(
                "watchkeeper_iam_cloud_circuit_open", Tags.of("account", accountId), new AtomicInteger());
        return TypedGuard.create(new TypeLiteral<Uni<Object>>() {})
                .withDescription("cloud IAM of account " + accountId)
                .withTimeout()
                .duration(timeout.toMillis(), ChronoUnit.MILLIS)
                .done()
                .withRetry()
                .maxRetries(retries)
                .delay(backoff.toMillis(), ChronoUnit.MILLIS)
                .jitter(backoff.toMillis() / 2, ChronoUnit.MILLIS)
                .whenException(CloudGuard::retriable)
                .withExponentialBackoff()
                .factor(2)
                .maxDelay(5, ChronoUnit.SECONDS)
                .done()
                .done()
                .withCircuitBreaker()
                .name("iam-cloud-" + accountId)
                .requestVolumeThreshold(10)
                .failureRatio(0.5)
                .delay(breakerDelay.toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .when(CloudGuard::retriable)
                .onStateChange(state -> open.set(state == CircuitBreakerState.OPEN ? 1 : 0))
                .done()
                .build();
    }

    static boolean retriable(Throwable failure) {
        return failure instanceof TimeoutException || failure instanceof CloudError e && e.retriable();
    }

    /** The Fault Tolerance failures that say the cloud is not answering, as a {@link CloudError}. */
    public static Throwable unavailable(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return new CloudError("Timeout", 0, "no answer in time");
        }
        if (failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException) {
            return new CloudError("CircuitOpen", 0, "the cloud failed repeatedly; calls pause for a while");
        }
        return failure;
    }
}
