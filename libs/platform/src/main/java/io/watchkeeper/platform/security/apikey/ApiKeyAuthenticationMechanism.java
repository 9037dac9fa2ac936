package io.watchkeeper.platform.security.apikey;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.watchkeeper.contracts.event.ApiKeyEvent;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;

/**
 * Machine clients with an API key instead of an OIDC token, in the services that enable keys
 * ({@code watchkeeper.api-keys.enabled}): {@code Authorization: Bearer wk_…} or {@code X-Api-Key: wk_…}. A key the
 * {@link ApiKeyDirectory} knows and that has not expired becomes an identity named {@code api-key:<prefix>} whose roles
 * are its scopes and whose {@code tenant} attribute is its tenant; an unknown, revoked or expired key is a 401. Any
 * other request is left to the OIDC mechanism (this one is asked first).
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String HEADER = "X-Api-Key";
    /** The identity attribute holding the key's id. */
    public static final String ATTRIBUTE_KEY_ID = "api-key-id";
    /** Ahead of quarkus-oidc (1001), so that a key never reaches the token parser. */
    static final int PRIORITY = 2000;

    private final ApiKeyDirectory directory;

    public ApiKeyAuthenticationMechanism(ApiKeyDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = presented(context);
        if (key == null || !directory.enabled()) {
            return Uni.createFrom().nullItem();
        }
        ApiKeyEvent known = ApiKeys.looksLikeKey(key) ? directory.bySha256(ApiKeys.sha256(key)) : null;
        if (known == null || known.expiresAt() != null && !known.expiresAt().isAfter(Instant.now())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown, revoked or expired API key"));
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("api-key:" + known.prefix()))
                .addRoles(Set.copyOf(known.scopes()))
                .addAttribute(ATTRIBUTE_KEY_ID, known.keyId());
        if (known.tenant() != null) {
            identity.addAttribute(TenantScope.CLAIM, known.tenant());
        }
        return Uni.createFrom().item(identity.build());
    }

    /** The key of the request, or null when it carries none (a JWT bearer token, say). */
    static String presented(RoutingContext context) {
        String header = context.request().getHeader(HEADER);
        if (header != null) {
            return header.trim();
        }
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer wk_", 0, 10)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
