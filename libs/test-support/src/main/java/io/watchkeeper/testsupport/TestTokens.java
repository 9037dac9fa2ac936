package io.watchkeeper.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Access tokens shaped like the local Keycloak's (realm roles under {@code realm_access.roles}, optional
 * {@code tenant} claim), signed by an RSA key made for this test JVM (never committed) that the services under test
 * trust.
 */
public final class TestTokens {

    public static final String ISSUER = "https://watchkeeper.test/realms/watchkeeper";
    public static final String KEY_ID = "watchkeeper-test";

    private static final PrivateKey PRIVATE_KEY;
    private static final RSAPublicKey PUBLIC_KEY;

    static {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PRIVATE_KEY = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(TestInfra.perJvm("watchkeeper.test.jwt.private", TestTokens::newKeyPair))));
            PUBLIC_KEY = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(System.getProperty("watchkeeper.test.jwt.public"))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes the pair; returns the private key and leaves the public one beside it. */
    private static String newKeyPair() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            java.security.KeyPair pair = generator.generateKeyPair();
            System.setProperty(
                    "watchkeeper.test.jwt.public",
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestTokens() {}

    /** {@code "Bearer <jwt>"} for a user holding the given realm roles. */
    public static String bearer(String user, String... roles) {
        return "Bearer " + token(ISSUER, user, null, roles);
    }

    /** {@code "Bearer <jwt>"} for a user restricted to one tenant. */
    public static String bearerForTenant(String user, String tenant, String... roles) {
        return "Bearer " + token(ISSUER, user, tenant, roles);
    }

    /** {@code "Bearer <jwt>"} for a user of {@code tenant} ({@code null}: a platform operator) holding one role. */
    public static String bearerAs(String tenant, String role) {
        return tenant == null ? bearer(role + "-user", role) : bearerForTenant(tenant + "-" + role, tenant, role);
    }

    public static String token(String issuer, String user, String tenant, String... roles) {
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .subject(user)
                .claim("preferred_username", user)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(3600);
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        return claims.jws().keyId(KEY_ID).sign(PRIVATE_KEY);
    }

    /** The verification key as {@code quarkus.oidc.public-key} wants it: base64 of the SubjectPublicKeyInfo. */
    public static String publicKey() {
        return Base64.getEncoder().encodeToString(PUBLIC_KEY.getEncoded());
    }

    /** The verification key as a JWKS document, for an OIDC discovery stub. */
    public static String jwks() {
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"n\":\""
                + b64url(PUBLIC_KEY.getModulus()) + "\",\"e\":\"" + b64url(PUBLIC_KEY.getPublicExponent()) + "\"}]}";
    }

    /** The configuration that makes a service under test trust these tokens without an OIDC server. */
    public static Map<String, String> oidcConfig() {
        return Map.of("quarkus.oidc.public-key", publicKey(), "quarkus.oidc.token.issuer", ISSUER);
    }

    private static String b64url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
