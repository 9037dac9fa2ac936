package io.watchkeeper.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.ApiKeyEvent;
import io.watchkeeper.platform.security.apikey.ApiKeys;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway in front of stand-in services: routing, identity, ids, problems when a service is down, rate limits, CORS. */
@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
@QuarkusTestResource(ServiceStubs.class)
class GatewayTest {

    ServiceStubs services;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @BeforeEach
    void answer() {
        services.resetAll();
        for (String service : List.of("collector", "evaluator", "notifier", "iam")) {
            services.of(service)
                    .stubFor(any(anyUrl())
                            .willReturn(aResponse()
                                    .withStatus(200)
                                    .withHeader("Content-Type", "application/json")
                                    .withBody("{\"from\":\"" + service + "\"}")));
        }
    }

    @Test
    void each_path_goes_to_the_service_that_owns_it_with_the_callers_token_query_and_body() {
        Map<String, String> owners = Map.of(
                "/api/v1/sources?size=5",
                "collector",
                "/api/v1/energy/daily",
                "collector",
                "/api/v2/alerts",
                "collector",
                "/api/events/notify",
                "collector",
                "/api/v1/rules/" + UUID.randomUUID(),
                "evaluator",
                "/api/v1/alerts?status=firing",
                "evaluator",
                "/api/v1/alerts/" + UUID.randomUUID() + "/handle",
                "notifier",
                "/api/v1/routes/test",
                "notifier",
                "/api/v1/iam-users/sync",
                "iam");
        String token = TestTokens.bearer("ada", "admin");
        owners.forEach((path, owner) -> given().header("Authorization", token)
                .contentType("application/json")
                .body("{\"x\":1}")
                .post(path)
                .then()
                .statusCode(200)
                .body("from", org.hamcrest.Matchers.equalTo(owner)));

        services.of("evaluator")
                .verify(postRequestedFor(urlEqualTo("/api/v1/alerts?status=firing"))
                        .withHeader("Authorization", equalTo(token))
                        .withRequestBody(equalTo("{\"x\":1}"))
                        .withHeader("X-Request-Id", matching(".+"))
                        .withHeader("traceparent", matching("00-[0-9a-f]{32}-[0-9a-f]{16}-01")));
    }

    @Test
    void heartbeat_pings_go_to_the_collector_without_a_token() {
        given().get("/ping/k3y/nightly-backup")
                .then()
                .statusCode(200)
                .body("from", org.hamcrest.Matchers.equalTo("collector"));
        given().post("/ping/k3y/nightly-backup/fail").then().statusCode(200);
        services.of("collector").verify(postRequestedFor(urlEqualTo("/ping/k3y/nightly-backup/fail")));
    }

    @Test
    void the_callers_request_id_and_trace_go_through_and_the_request_id_comes_back() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().header("Authorization", TestTokens.bearer("ada", "viewer"))
                .header("X-Request-Id", "req-42")
                .header("traceparent", traceparent)
                .get("/api/v1/rules")
                .then()
                .statusCode(200)
                .header("X-Request-Id", "req-42");
        services.of("evaluator")
                .verify(getRequestedFor(urlEqualTo("/api/v1/rules"))
                        .withHeader("X-Request-Id", equalTo("req-42"))
                        .withHeader("traceparent", equalTo(traceparent)));
        given().header("Authorization", TestTokens.bearer("ada", "viewer"))
                .get("/api/v1/rules")
                .then()
                .header("X-Request-Id", notNullValue());
    }

    @Test
    void a_missing_or_bad_token_is_refused_here_and_never_reaches_a_service() {
        for (String auth : new String[] {
            null,
            "Bearer not-a-jwt",
            "Bearer " + TestTokens.token("https://elsewhere.example/realms/x", "mallory", null, "admin")
        }) {
            var request = given();
            if (auth != null) {
                request = request.header("Authorization", auth);
            }
            request.get("/api/v1/rules")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        }
        services.of("evaluator").verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void is_ready_once_it_holds_the_identity_providers_keys() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'OIDC provider keys' }.status", org.hamcrest.Matchers.equalTo("UP"));
    }

    @Test
    void counts_requests_per_route_method_and_status_without_ids() {
        given().header("Authorization", TestTokens.bearer("ada", "viewer")).get("/api/v1/rules/" + UUID.randomUUID());
        given().get("/api/v1/sources").then().statusCode(401);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("watchkeeper_gateway_requests_seconds_count{method=\"GET\",route=\"rules\",status=\"200\"}")
                .contains("watchkeeper_gateway_requests_seconds_count{method=\"GET\",route=\"sources\",status=\"401\"}")
                .doesNotContainPattern("watchkeeper_gateway_requests[^\\n]*[0-9a-f]{8}-[0-9a-f]{4}");
    }

    @Test
    void a_service_that_is_down_is_a_503_problem_to_retry() {
        given().header("Authorization", TestTokens.bearer("ada", "viewer"))
                .get("/api/v1/quotas")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("detail", org.hamcrest.Matchers.containsString("quota"));
    }

    @Test
    void a_service_that_does_not_answer_in_time_is_a_504_problem() {
        services.of("evaluator")
                .stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/api/v1/rules/slow"))
                        .willReturn(aResponse().withStatus(200).withFixedDelay(4_000)));
        given().header("Authorization", TestTokens.bearer("ada", "viewer"))
                .get("/api/v1/rules/slow")
                .then()
                .statusCode(504)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("evaluator"));
    }

    @Test
    void a_client_over_its_rate_gets_429_with_retry_after_and_other_clients_are_not_held_up() {
        String greedy = TestTokens.bearer("greedy-" + UUID.randomUUID(), "viewer");
        Burst burst = burst(ServiceStubs.PER_CLIENT * 3, i -> greedy);
        assertThat(burst.refused()).isNotEmpty();
        Response refused = burst.refused().get(0);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isEqualTo(1);
        assertThat(burst.allowed())
                .as("the bucket's size and what refilled while the burst lasted")
                .isBetween((long) ServiceStubs.PER_CLIENT, burst.allowance(ServiceStubs.PER_CLIENT));
        given().header("Authorization", TestTokens.bearer("patient-" + UUID.randomUUID(), "viewer"))
                .get("/api/v1/rules")
                .then()
                .statusCode(200);
    }

    @Test
    void an_api_key_goes_through_to_the_service_and_is_held_to_its_own_rate() {
        String key = ApiKeys.generate();
        String other = ApiKeys.generate();
        publishKey(key);
        publishKey(other);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() ->
                        given().header("X-Api-Key", other).get("/api/v1/rules").statusCode() == 200);
        given().header("Authorization", "Bearer " + ApiKeys.generate())
                .post("/api/v1/ingest/usage")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        services.of("collector").verify(0, postRequestedFor(urlEqualTo("/api/v1/ingest/usage")));

        Burst burst = burst(ServiceStubs.PER_CLIENT * 3, i -> "Bearer " + key);
        assertThat(burst.refused()).isNotEmpty();
        assertThat(burst.refused().get(0).header("Retry-After")).isEqualTo("1");
        assertThat(burst.allowed()).isBetween((long) ServiceStubs.PER_CLIENT, burst.allowance(ServiceStubs.PER_CLIENT));
        given().header("Authorization", "Bearer " + other)
                .contentType("application/json")
                .body("[]")
                .post("/api/v1/ingest/usage")
                .then()
                .statusCode(200)
                .body("from", org.hamcrest.Matchers.equalTo("collector"));
        services.of("collector")
                .verify(postRequestedFor(urlEqualTo("/api/v1/ingest/usage"))
                        .withHeader("Authorization", equalTo("Bearer " + other)));
    }

    private void publishKey(String key) {
        String id = UUID.randomUUID().toString();
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(
                        Topics.API_KEYS,
                        id,
                        CloudEvent.of(
                                "test",
                                new ApiKeyEvent(
                                        id,
                                        "gateway test",
                                        ApiKeys.prefix(key),
                                        ApiKeys.sha256(key),
                                        null,
                                        List.of("ingest:usage"),
                                        null))))
                .awaitCompletion();
    }

    @Test
    void a_tenant_over_its_rate_is_held_whichever_of_its_clients_asks() {
        String tenant = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        // a new client each time: only the tenant's bucket can run dry
        Burst burst =
                burst(ServiceStubs.PER_TENANT * 3, i -> TestTokens.bearerForTenant("user-" + i, tenant, "viewer"));
        assertThat(burst.refused()).isNotEmpty();
        assertThat(burst.allowed()).isBetween((long) ServiceStubs.PER_TENANT, burst.allowance(ServiceStubs.PER_TENANT));
        given().header("Authorization", TestTokens.bearerForTenant("other", "calm-" + UUID.randomUUID(), "viewer"))
                .get("/api/v1/rules")
                .then()
                .statusCode(200);
    }

    /** What a burst of requests got, and how long it lasted. */
    private record Burst(List<Response> answers, long nanos) {

        List<Response> refused() {
            return answers.stream().filter(r -> r.statusCode() == 429).toList();
        }

        long allowed() {
            return answers.stream().filter(r -> r.statusCode() == 200).count();
        }

        /** At most: a full bucket plus what refilled at {@code perSecond} during the burst. */
        long allowance(int perSecond) {
            return perSecond + (long) Math.ceil(perSecond * nanos / 1e9) + 1;
        }
    }

    /** {@code count} requests at once (8 in flight), each with the token {@code tokens} gives for its index. */
    private static Burst burst(int count, java.util.function.IntFunction<String> tokens) {
        List<String> bearers =
                java.util.stream.IntStream.range(0, count).mapToObj(tokens).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            long start = System.nanoTime();
            List<java.util.concurrent.Future<Response>> sent = new ArrayList<>();
            for (String bearer : bearers) {
                sent.add(pool.submit(
                        () -> given().header("Authorization", bearer).get("/api/v1/rules")));
            }
            List<Response> answers = new ArrayList<>();
            for (var f : sent) {
                answers.add(f.get());
            }
            return new Burst(answers, System.nanoTime() - start);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void one_openapi_document_holds_every_services_operations_and_the_gateways_own() {
        services.of("evaluator")
                .stubFor(
                        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/q/openapi?format=json"))
                                .willReturn(
                                        aResponse()
                                                .withHeader("Content-Type", "application/json")
                                                .withBody(
                                                        """
                        {"openapi":"3.1.0","paths":{"/api/v1/rules":{"get":{"responses":{"200":{"content":{"application/json":
                         {"schema":{"$ref":"#/components/schemas/Page"}}}}}}}},
                         "components":{"schemas":{"Page":{"type":"object","properties":{"items":{"type":"array"}}}}}}""")));
        services.of("notifier")
                .stubFor(
                        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/q/openapi?format=json"))
                                .willReturn(
                                        aResponse()
                                                .withHeader("Content-Type", "application/json")
                                                .withBody(
                                                        """
                        {"openapi":"3.1.0","paths":{"/api/v1/channels/{id}":{"get":{"responses":{"200":{"content":{"application/json":
                         {"schema":{"$ref":"#/components/schemas/Page"}}}}}}},"/api/v1/rules":{"post":{}}},
                         "components":{"schemas":{"Page":{"type":"object","properties":{"total":{"type":"integer"}}}}}}""")));

        var document = given().get("/openapi")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();
        assertThat(document.getMap("paths")).containsKeys("/api/v1/rules", "/api/v1/channels/{id}", "/api/v1/audit");
        assertThat(document.getMap("paths.'/api/v1/rules'"))
                .as("the notifier does not own rules")
                .containsOnlyKeys("get");
        // two shapes named Page: the second is the notifier's own
        assertThat(document.getString(
                        "paths.'/api/v1/channels/{id}'.get.responses.'200'.content.'application/json'.schema.$ref"))
                .isEqualTo("#/components/schemas/notifier.Page");
        assertThat(document.getMap("components.schemas")).containsKeys("Page", "notifier.Page");
        assertThat(document.getList("x-unavailable"))
                .as("nothing listens at the quota service")
                .containsExactly("quota");
    }

    @Test
    void the_console_origin_may_call_the_api_from_a_browser() {
        given().header("Origin", "http://127.0.0.1:8090")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization,Content-Type")
                .options("/api/v1/rules")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "http://127.0.0.1:8090");
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/v1/rules")
                .then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void service_health_says_which_service_is_up_which_answers_not_ready_and_which_cannot_be_reached() {
        services.of("collector")
                .stubFor(get(urlEqualTo("/q/health/ready"))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"status\":\"UP\",\"checks\":[]}")));
        services.of("evaluator")
                .stubFor(get(urlEqualTo("/q/health/ready"))
                        .willReturn(aResponse()
                                .withStatus(503)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"status\":\"DOWN\",\"checks\":[]}")));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .get("/api/v1/service-health")
                .then()
                .statusCode(200)
                .body("find { it.name == 'collector' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("find { it.name == 'evaluator' }.status", org.hamcrest.Matchers.equalTo("DOWN"))
                .body("find { it.name == 'quota' }.status", org.hamcrest.Matchers.equalTo("UNREACHABLE"));
    }

    @Test
    void a_console_change_that_does_not_come_from_the_consoles_own_page_is_refused() {
        // a form another site makes the browser post, with the person's session cookie: no HX-Request header
        given().contentType("application/x-www-form-urlencoded")
                .formParam("amount", "1000000")
                .post("/console/quotas/q1/allocations")
                .then()
                .statusCode(403)
                .body(org.hamcrest.Matchers.containsString("must come from the console's own page"));
    }
}
