package io.watchkeeper.gateway.console;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Says at start-up, rather than at the first sign-in, that the console cannot sign anyone in without its secret. */
@ApplicationScoped
public class ConsoleSignInCheck {

    void check(
            @Observes StartupEvent start,
            @ConfigProperty(name = "quarkus.oidc.console.tenant-enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "quarkus.oidc.console.credentials.secret") Optional<String> secret) {
        if (enabled && secret.filter(s -> !s.isBlank()).isEmpty()) {
            Log.warn("the web console (/console) is on but WK_CONSOLE_CLIENT_SECRET is not set: the identity provider "
                    + "will refuse its sign-ins; set the secret of its OIDC client, or WK_CONSOLE_ENABLED=false");
        }
    }
}
