package io.watchkeeper.gateway.console;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * What every console page has: the signed-in person, the API as that person, and rendering in their language. A page
 * is a JAX-RS resource under {@code /console} whose templates live in {@code templates/console}.
 */
public abstract class ConsolePage {

    @Inject
    SecurityIdentity identity;

    @Inject
    HttpHeaders headers;

    @Inject
    ConsoleApi api;

    protected ConsoleUser user() {
        return ConsoleUser.of(identity, headers);
    }

    protected ConsoleApi.Caller api() {
        return api.as(identity);
    }

    /** The instance in the person's language (message bundles and formats read the locale). */
    protected static TemplateInstance in(ConsoleUser user, TemplateInstance page) {
        return page.setLocale(user.locale());
    }
}
