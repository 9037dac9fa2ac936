package io.watchkeeper.gateway.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Token buckets (bucket4j) per client — the token's subject — and per tenant: a client or a tenant over its rate
 * waits for {@link #tryAcquire}'s answer ({@code Retry-After}). A platform operator's token counts against its own
 * client bucket only.
 */
@ApplicationScoped
public class RateLimiter {

    private final int perClient;
    private final int perTenant;
    private final Map<String, Bucket> clients = new ConcurrentHashMap<>();
    private final Map<String, Bucket> tenants = new ConcurrentHashMap<>();

    public RateLimiter(
            @ConfigProperty(name = "watchkeeper.gateway.rate-limit.per-client") int perClient,
            @ConfigProperty(name = "watchkeeper.gateway.rate-limit.per-tenant") int perTenant) {
        this.perClient = perClient;
        this.perTenant = perTenant;
    }

    /** Takes one request from the client's and the tenant's bucket; empty when allowed, else how long to wait. */
    public Optional<Duration> tryAcquire(String client, String tenant) {
        ConsumptionProbe mine =
                clients.computeIfAbsent(client, c -> bucket(perClient)).tryConsumeAndReturnRemaining(1);
        if (!mine.isConsumed()) {
            return Optional.of(Duration.ofNanos(mine.getNanosToWaitForRefill()));
        }
        if (tenant != null) {
            ConsumptionProbe shared =
                    tenants.computeIfAbsent(tenant, t -> bucket(perTenant)).tryConsumeAndReturnRemaining(1);
            if (!shared.isConsumed()) {
                return Optional.of(Duration.ofNanos(shared.getNanosToWaitForRefill()));
            }
        }
        return Optional.empty();
    }

    /** {@code perSecond} requests a second on average, bursts of up to as many. */
    private static Bucket bucket(int perSecond) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(perSecond)
                        .refillGreedy(perSecond, Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
