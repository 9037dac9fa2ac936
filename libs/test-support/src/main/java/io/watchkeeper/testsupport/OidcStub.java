package io.watchkeeper.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * An OIDC provider's discovery document and JWKS served from WireMock, for tests that run packaged services
 * as processes (they discover their keys the way they do against Keycloak). Like Keycloak's, the discovery names an
 * introspection endpoint; nothing is served there, and the services must never call it.
 */
public final class OidcStub {

    private OidcStub() {}

    /** Stubs the realm and returns its issuer URL (the services' {@code quarkus.oidc.auth-server-url}). */
    public static String serve(WireMockServer server, String realm) {
        String issuer = server.baseUrl() + "/realms/" + realm;
        String certs = issuer + "/protocol/openid-connect/certs";
        server.stubFor(get(urlEqualTo("/realms/" + realm + "/.well-known/openid-configuration"))
                .willReturn(okJson("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + certs + "\","
                        + "\"authorization_endpoint\":\"" + issuer + "/protocol/openid-connect/auth\","
                        + "\"token_endpoint\":\"" + issuer + "/protocol/openid-connect/token\","
                        + "\"introspection_endpoint\":\"" + issuer + "/protocol/openid-connect/token/introspect\","
                        // the gateway's console signs out there (RP-initiated logout): without it the gateway does not
                        // start
                        + "\"end_session_endpoint\":\"" + issuer + "/protocol/openid-connect/logout\","
                        + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}")));
        server.stubFor(get(urlEqualTo("/realms/" + realm + "/protocol/openid-connect/certs"))
                .willReturn(okJson(TestTokens.jwks())));
        return issuer;
    }
}
