package io.watchkeeper.gateway.health;

import io.quarkus.oidc.runtime.TenantConfigBean;
import io.quarkus.oidc.runtime.TenantConfigContext;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The gateway is ready only once it holds the identity provider's keys: before that it could verify no token, and
 * every request would be a 503. While they are missing, each probe tries to load them again.
 */
@Readiness
@ApplicationScoped
public class IdentityProviderReadiness implements AsyncHealthCheck {

    private static final String NAME = "OIDC provider keys";

    private final TenantConfigBean tenants;

    public IdentityProviderReadiness(TenantConfigBean tenants) {
        this.tenants = tenants;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        TenantConfigContext provider = tenants.getDefaultTenant();
        if (provider.ready()) {
            return Uni.createFrom().item(HealthCheckResponse.up(NAME));
        }
        return provider.initialize()
                .map(loaded -> loaded.ready() ? HealthCheckResponse.up(NAME) : down("not loaded yet"))
                .onFailure()
                .recoverWithItem(e -> down(e.getMessage()));
    }

    private static HealthCheckResponse down(String why) {
        return HealthCheckResponse.named(NAME)
                .down()
                .withData("reason", String.valueOf(why))
                .build();
    }
}
