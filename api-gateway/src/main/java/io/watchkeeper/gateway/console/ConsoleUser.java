package io.watchkeeper.gateway.console;

import io.quarkus.security.identity.SecurityIdentity;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;

/**
 * Who is looking at a page and in which language: what the page may offer (write controls appear only for the roles
 * the API would let through) and whose data it shows.
 *
 * @param tenant the token's tenant, or null for a platform-wide person (who may filter by tenant)
 */
public record ConsoleUser(String name, String tenant, boolean operator, boolean admin, Locale locale) {

    public static final Locale ZH = Locale.SIMPLIFIED_CHINESE;

    public static ConsoleUser of(SecurityIdentity identity, HttpHeaders headers) {
        TenantScope scope = Tenancy.of(identity);
        return new ConsoleUser(
                identity.getPrincipal().getName(),
                scope.isPlatform() ? null : scope.tenant(),
                identity.hasRole(Roles.OPERATOR) || identity.hasRole(Roles.ADMIN),
                identity.hasRole(Roles.ADMIN),
                language(headers));
    }

    /** Chinese when the browser prefers Chinese over English, otherwise English. */
    static Locale language(HttpHeaders headers) {
        for (Locale wanted : headers.getAcceptableLanguages()) {
            if ("zh".equals(wanted.getLanguage())) {
                return ZH;
            }
            if ("en".equals(wanted.getLanguage())) {
                return Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }

    public boolean platform() {
        return tenant == null;
    }

    public String lang() {
        return locale.getLanguage();
    }
}
