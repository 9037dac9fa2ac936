package io.watchkeeper.platform.security.apikey;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the {@link ApiKeyDirectory} knows every key the topic held at start (always, where keys are off). */
@Readiness
@ApplicationScoped
public class ApiKeyReadiness implements HealthCheck {

    private final ApiKeyDirectory directory;

    public ApiKeyReadiness(ApiKeyDirectory directory) {
        this.directory = directory;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("api-keys")
                .status(directory.caughtUp() || !directory.enabled())
                .withData("enabled", directory.enabled())
                .withData("known", directory.size())
                .build();
    }
}
