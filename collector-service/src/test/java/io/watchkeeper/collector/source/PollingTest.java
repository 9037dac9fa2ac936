package io.watchkeeper.collector.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.collector.CollectorTest;
import io.watchkeeper.collector.source.openrouter.OpenRouterAdapter;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sources polled against provider stubs, their readings on the real broker. */
@CollectorTest
class PollingTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer stub;

    private ConsumerTask<String, byte[]> metrics;

    @BeforeEach
    void listen() {
        metrics = kafka.consume(String.class, byte[].class).fromTopics(Topics.METRICS);
    }

    @AfterEach
    void stop() {
        metrics.close();
    }

    @Test
    void a_source_publishes_its_balance_and_shows_the_last_value() {
        String prefix = "/or-" + UUID.randomUUID().toString().substring(0, 8);
        stub.stubFor(get(urlEqualTo(prefix + "/api/v1/credits"))
                .willReturn(okJson("{\"data\":{\"total_credits\":100.5,\"total_usage\":25.75}}")));
        stub.stubFor(get(urlEqualTo(prefix + "/api/v1/key"))
                .willReturn(
                        okJson("{\"data\":{\"label\":\"k\",\"limit\":100,\"limit_remaining\":74.5,\"usage\":25.5}}")));
        String name = "openrouter-" + UUID.randomUUID().toString().substring(0, 8);
        String id = create(name, "openrouter", stub.baseUrl() + prefix, "1h");

        Waits.flow().until(() -> of(name).size() == 2);
        MetricEvent balance = of(name).stream()
                .filter(m -> m.metric().equals("provider_balance"))
                .findFirst()
                .orElseThrow();
        assertThat(balance.kind()).isEqualTo(MetricKind.BALANCE);
        assertThat(balance.value()).isEqualByComparingTo("74.75");
        assertThat(balance.unit()).isEqualTo("USD");
        assertThat(balance.labels())
                .containsEntry("source", name)
                .containsEntry("provider", "openrouter")
                .containsEntry("tenant", "acme")
                .containsEntry("currency", "USD");
        assertThat(of(name)).extracting(MetricEvent::metric).contains(OpenRouterAdapter.KEY_LIMIT_REMAINING);

        Waits.shortly().untilAsserted(() -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/sources/" + id)
                .then()
                .statusCode(200)
                .body("lastValue", org.hamcrest.Matchers.equalTo(74.75f))
                .body("currency", org.hamcrest.Matchers.equalTo("USD"))
                .body("lastSuccessAt", org.hamcrest.Matchers.notNullValue()));
    }

    @Test
    void a_hanging_provider_does_not_delay_the_others_and_a_failing_source_says_so() {
        String prefix = "/" + UUID.randomUUID().toString().substring(0, 8);
        // DeepSeek hangs far beyond the per-call timeout (1 s in tests)
        stub.stubFor(get(urlEqualTo(prefix + "/user/balance"))
                .willReturn(okJson("{\"balance_infos\":[]}").withFixedDelay(20_000)));
        stub.stubFor(
                get(urlEqualTo(prefix + "/v1/users/me/balance"))
                        .willReturn(
                                okJson(
                                        "{\"code\":0,\"data\":{\"available_balance\":49.58894,\"voucher_balance\":46.58893,\"cash_balance\":3.00001},\"scode\":\"0x0\",\"status\":true}")));
        String slow = "deepseek-" + UUID.randomUUID().toString().substring(0, 8);
        String fast = "moonshot-" + UUID.randomUUID().toString().substring(0, 8);

        String slowId = create(slow, "deepseek", stub.baseUrl() + prefix, "1s");
        // the slow poll is under way (its first attempt hangs) before the fast source even exists
        Waits.flow().until(() -> !stub.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                        urlEqualTo(prefix + "/user/balance")))
                .isEmpty());
        Instant created = Instant.now();
        create(fast, "moonshot", stub.baseUrl() + prefix, "1h");

        Waits.flow().until(() -> !of(fast).isEmpty());
        assertThat(Duration.between(created, Instant.now()))
                .as("the fast provider's balance is not held up")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(of(fast).get(0).value()).isEqualByComparingTo(new BigDecimal("49.58894"));
        assertThat(of(fast).get(0).unit()).isEqualTo("CNY");

        // the hanging one: timeouts, recorded on the source, and after two failures in a row an event
        Waits.recovery().until(() -> of(slow).stream().anyMatch(m -> m.metric().equals("collector_source_failing")));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/sources/" + slowId)
                .then()
                .statusCode(200)
                .body("lastError", org.hamcrest.Matchers.startsWith("TIMEOUT"))
                .body("consecutiveFailures", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
        given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .when()
                .delete("/api/v1/sources/" + slowId)
                .then()
                .statusCode(204);
    }

    @Test
    void a_redirect_is_not_followed_so_a_public_url_cannot_lead_the_poll_inward() {
        String prefix = "/gj-" + UUID.randomUUID().toString().substring(0, 8);
        // the "public" endpoint bounces the poll to an internal one holding a value the tenant must not read
        stub.stubFor(get(urlEqualTo(prefix + "/balance"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader("Location", stub.baseUrl() + prefix + "/internal-secret")));
        stub.stubFor(get(urlEqualTo(prefix + "/internal-secret")).willReturn(okJson("{\"value\":42}")));
        String id = given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"gj-" + UUID.randomUUID() + "\",\"provider\":\"generic_json\",\"baseUrl\":\""
                        + stub.baseUrl() + prefix + "\",\"credential\":\"token-123456789\",\"pollInterval\":\"1h\","
                        + "\"settings\":{\"path\":\"/balance\",\"pointer\":\"/value\",\"currency\":\"USD\"}}")
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        Waits.flow()
                .until(() -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                                .get("/api/v1/sources/" + id)
                                .then()
                                .extract()
                                .path("lastError")
                        != null);
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .get("/api/v1/sources/" + id)
                .then()
                .body("lastError", org.hamcrest.Matchers.containsString("302"))
                .body("lastValue", org.hamcrest.Matchers.nullValue());
        assertThat(stub.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                        urlEqualTo(prefix + "/internal-secret"))))
                .isEmpty();
    }

    @jakarta.inject.Inject
    History history;

    @Test
    void a_falling_balance_is_polled_sooner_and_its_history_is_kept_until_pruned() {
        String prefix = "/ds-" + UUID.randomUUID().toString().substring(0, 8);
        String scenario = "falling" + prefix;
        stub.stubFor(
                get(urlEqualTo(prefix + "/user/balance"))
                        .inScenario(scenario)
                        .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                        .willSetStateTo("spent")
                        .willReturn(
                                okJson(
                                        "{\"is_available\":true,\"balance_infos\":[{\"currency\":\"CNY\",\"total_balance\":\"100.00\"}]}")));
        stub.stubFor(
                get(urlEqualTo(prefix + "/user/balance"))
                        .inScenario(scenario)
                        .whenScenarioStateIs("spent")
                        .willReturn(
                                okJson(
                                        "{\"is_available\":true,\"balance_infos\":[{\"currency\":\"CNY\",\"total_balance\":\"50.00\"}]}")));
        String name = "falling-" + UUID.randomUUID().toString().substring(0, 8);
        String id = create(name, "deepseek", stub.baseUrl() + prefix, "1h");
        Waits.flow().until(() -> of(name).size() == 1);

        given().header("Authorization", TestTokens.bearer("olga", "operator"))
                .when()
                .post("/api/v1/sources/" + id + "/refresh")
                .then()
                .statusCode(202);
        Waits.flow().until(() -> of(name).size() == 2);

        Waits.shortly().untilAsserted(() -> {
            String next = given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                    .when()
                    .get("/api/v1/sources/" + id)
                    .then()
                    .statusCode(200)
                    .body("lastValue", org.hamcrest.Matchers.equalTo(50.0f))
                    .extract()
                    .path("nextPollAt");
            // half the balance gone in seconds: the next poll is a quarter of the hour away, not the hour
            assertThat(Instant.parse(next)).isBefore(Instant.now().plus(Duration.ofMinutes(16)));
        });
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/sources/" + id + "/history")
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(2))
                .body("items.value", org.hamcrest.Matchers.contains(50.0f, 100.0f))
                .body("items[0].currency", org.hamcrest.Matchers.equalTo("CNY"));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("from", "yesterday")
                .when()
                .get("/api/v1/sources/" + id + "/history")
                .then()
                .statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("from"));

        history.prune(Instant.now().plusSeconds(1)).await().atMost(Duration.ofSeconds(10));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/sources/" + id + "/history")
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/sources/" + id)
                .then()
                .statusCode(200)
                .body("lastValue", org.hamcrest.Matchers.equalTo(50.0f));
    }

    @Test
    void cloud_billing_keeps_a_snapshot_of_the_month_per_sub_account() {
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        String prefix = "/volc-" + UUID.randomUUID().toString().substring(0, 8);
        stub.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(prefix + "/"))
                .withQueryParam("Action", com.github.tomakehurst.wiremock.client.WireMock.equalTo("QueryBalanceAcct"))
                .willReturn(okJson("{\"ResponseMetadata\":{\"RequestId\":\"r\",\"Action\":\"QueryBalanceAcct\"},"
                        + "\"Result\":{\"AccountID\":210,\"AvailableBalance\":\"77.01\",\"CashBalance\":\"83.01\"}}")));
        stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(prefix + "/"))
                .withQueryParam("Action", com.github.tomakehurst.wiremock.client.WireMock.equalTo("ListBillDetail"))
                .willReturn(okJson(
                        "{\"ResponseMetadata\":{\"RequestId\":\"r\",\"Action\":\"ListBillDetail\"},\"Result\":{\"List\":["
                                + "{\"BillPeriod\":\"" + month
                                + "\",\"OwnerID\":\"2100001\",\"Project\":\"ark\",\"PayableAmount\":\"10.50\",\"Currency\":\"CNY\"}],"
                                + "\"Total\":1,\"Limit\":100,\"Offset\":0}}")));
        String name = "volc-" + UUID.randomUUID().toString().substring(0, 8);
        String id = given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"provider\":\"volcengine_billing\",\"baseUrl\":\"" + stub.baseUrl()
                        + prefix + "\",\"credential\":\"AKLTexample:c2VjcmV0\",\"pollInterval\":\"1h\"}")
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        Waits.flow().untilAsserted(() -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/sources/" + id + "/bills")
                .then()
                .statusCode(200)
                .body("subAccount", org.hamcrest.Matchers.contains("2100001", "2100001"))
                .body("project", org.hamcrest.Matchers.contains("", "ark"))
                .body("amount", org.hamcrest.Matchers.contains(10.5f, 10.5f))
                .body("billPeriod", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo(month))));
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("period", "2026-13")
                .when()
                .get("/api/v1/sources/" + id + "/bills")
                .then()
                .statusCode(400);
        assertThat(of(name)).extracting(MetricEvent::metric).contains("provider_balance", "cloud_spend_month_to_date");
        assertThat(of(name).stream()
                        .filter(m -> m.metric().equals("cloud_spend_month_to_date"))
                        .toList())
                .allSatisfy(m -> assertThat(m.kind()).isEqualTo(MetricKind.SPEND));
    }

    private List<MetricEvent> of(String source) {
        return KafkaRecords.data(
                metrics, MetricEvent.class, m -> source.equals(m.labels().get("source")));
    }

    private static String create(String name, String provider, String baseUrl, String interval) {
        return given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"provider\":\"" + provider + "\",\"baseUrl\":\"" + baseUrl
                        + "\",\"credential\":\"sk-test-123456789\",\"pollInterval\":\"" + interval
                        + "\",\"labels\":{\"tenant\":\"acme\"}}")
                .when()
                .post("/api/v1/sources")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}
