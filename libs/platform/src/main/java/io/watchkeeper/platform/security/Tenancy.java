package io.watchkeeper.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.watchkeeper.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads the caller's {@link TenantScope} from the token (or API key) of the current request; every service's resources
 * use it.
 */
@ApplicationScoped
public class Tenancy {

    private final SecurityIdentity identity;

    public Tenancy(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The current caller's scope. A token whose {@code tenant} claim is present but not a name is refused (403). */
    public TenantScope current() {
        return of(identity);
    }

    /** The scope of a caller's identity (for code that has the identity at hand, such as a route handler). */
    public static TenantScope of(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            // an API key's tenant (ApiKeyAuthenticationMechanism); none: a platform-wide key
            String tenant = identity.getAttribute(TenantScope.CLAIM);
            return tenant == null ? TenantScope.PLATFORM : TenantScope.of(tenant);
        }
        if (!token.containsClaim(TenantScope.CLAIM)) {
            return TenantScope.PLATFORM;
        }
        Object claim = token.getClaim(TenantScope.CLAIM);
        String tenant = claim instanceof JsonString json ? json.getString() : claim instanceof String s ? s : null;
        if (tenant == null || tenant.isBlank()) {
            throw new ProblemException(403, "Forbidden", "the token's tenant claim is not a tenant name", null);
        }
        return TenantScope.of(tenant);
    }

    /** Who the caller is, for created-by and audit fields. */
    public String user() {
        return identity.getPrincipal().getName();
    }
}
