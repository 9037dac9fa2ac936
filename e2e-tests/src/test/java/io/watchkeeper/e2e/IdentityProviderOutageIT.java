package io.watchkeeper.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.watchkeeper.testsupport.OidcStub;
import io.watchkeeper.testsupport.TestTokens;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A service started while its OIDC provider is down cannot check any token: it answers 503 problem+json with
 * {@code Retry-After} (the caller's token may well be good; a 401 would tell them to log in again), and accepts the
 * token once the provider is back, without a restart. A token that is not one of the provider's is refused on the spot
 * (401), without asking the provider. The gateway is not ready until it holds the provider's keys.
 */
class IdentityProviderOutageIT {

    @Test
    void tokens_are_refused_with_503_while_the_provider_is_down_and_accepted_once_it_is_back() throws Exception {
        int port = ServiceProcess.freePort(); // nothing listens there until the provider "comes back"
        String issuer = "http://localhost:" + port + "/realms/e2e-idp"; // as OidcStub names it
        String token = "Bearer " + TestTokens.token(issuer, "ada", null, "admin");
        WireMockServer provider =
                new WireMockServer(WireMockConfiguration.options().port(port));
        try (Services services = new Services(issuer)) {
            ServiceProcess evaluator = services.start(
                    "evaluator-service", services.database("idp"), Map.of("QUARKUS_OIDC_CONNECTION_DELAY", "1S"));
            services.awaitReady();
            // the gateway without the provider's keys is live but not ready: it could check no token
            ServiceProcess gateway = services.start(
                    "api-gateway",
                    services.database("idp-gateway"),
                    Map.of("QUARKUS_OIDC_CONNECTION_DELAY", "1S", "WK_EVALUATOR_URL", evaluator.url()));
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() ->
                            given().baseUri(gateway.url()).get("/q/health/live").statusCode() == 200);
            given().baseUri(gateway.url())
                    .get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'OIDC provider keys' }.status", equalTo("DOWN"));

            for (ServiceProcess front : new ServiceProcess[] {evaluator, gateway}) {
                given().baseUri(front.url())
                        .header("Authorization", token)
                        .get("/api/v1/rules")
                        .then()
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", "5")
                        .body("status", equalTo(503));
            }

            provider.start();
            OidcStub.serve(provider, "e2e-idp");
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> given().baseUri(evaluator.url())
                                    .header("Authorization", token)
                                    .get("/api/v1/rules")
                                    .statusCode()
                            == 200);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> given().baseUri(gateway.url())
                                    .get("/q/health/ready")
                                    .statusCode()
                            == 200);
            given().baseUri(gateway.url())
                    .header("Authorization", token)
                    .get("/api/v1/rules")
                    .then()
                    .statusCode(200);
            for (String garbage : new String[] {
                "not-a-jwt",
                "a.b.c",
                TestTokens.token(issuer, "eve", null, "admin").replaceFirst("\\.[^.]+$", ".forged-signature")
            }) {
                given().baseUri(evaluator.url())
                        .header("Authorization", "Bearer " + garbage)
                        .get("/api/v1/rules")
                        .then()
                        .statusCode(401)
                        .contentType("application/problem+json");
            }
            // refused locally: the provider's introspection endpoint (in its discovery) is never asked, nothing logged
            // as an error — otherwise anyone could flood the provider and the logs with garbage tokens
            assertThat(provider.findAll(anyRequestedFor(urlPathMatching(".*/introspect"))))
                    .isEmpty();
            assertThat(evaluator.log()).doesNotContain("ERROR");
        } finally {
            provider.stop();
        }
    }
}
