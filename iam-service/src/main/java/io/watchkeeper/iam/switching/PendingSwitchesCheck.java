package io.watchkeeper.iam.switching;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code /q/health/well}: DOWN while a switch has waited longer than {@code watchkeeper.iam.switch.alert-after}
 * (default 5 minutes) — a user that should be off is still on, or the other way round — with the backlog and the
 * cloud's last error as details. Not readiness: the service itself is fine and keeps retrying.
 */
@Wellness
@ApplicationScoped
public class PendingSwitchesCheck implements HealthCheck {

    private final SwitchWorker worker;
    private final Duration alertAfter;

    public PendingSwitchesCheck(
            SwitchWorker worker,
            @ConfigProperty(name = "watchkeeper.iam.switch.alert-after", defaultValue = "5m") Duration alertAfter) {
        this.worker = worker;
        this.alertAfter = alertAfter;
    }

    @Override
    public HealthCheckResponse call() {
        SwitchRepository.Backlog b = worker.backlog();
        boolean late = b.oldest() != null && b.oldest().plus(alertAfter).isBefore(Instant.now());
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("iam-switches").status(!late).withData("pending", b.pending());
        if (b.oldest() != null) {
            response.withData("oldestPendingSince", b.oldest().toString());
        }
        if (b.lastError() != null) {
            response.withData("lastError", b.lastError());
        }
        return response.build();
    }
}
