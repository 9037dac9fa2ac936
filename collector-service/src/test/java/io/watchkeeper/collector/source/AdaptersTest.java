package io.watchkeeper.collector.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.collector.source.adapter.BalanceAdapter;
import io.watchkeeper.collector.source.adapter.PollFailure;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.Reading;
import io.watchkeeper.collector.source.deepseek.DeepSeekAdapter;
import io.watchkeeper.collector.source.generic.GenericJsonAdapter;
import io.watchkeeper.collector.source.moonshot.MoonshotAdapter;
import io.watchkeeper.collector.source.openrouter.OpenRouterAdapter;
import io.watchkeeper.collector.source.siliconflow.SiliconFlowAdapter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each adapter against a stub answering with the provider's documented shapes (EXTERNAL-APIS.md), errors included. */
class AdaptersTest extends ProviderStubs {

    private static final String KEY = "sk-test-0123456789";

    @Test
    void openrouter_remaining_credits_and_key_limit() {
        stub.stubFor(get(urlEqualTo("/api/v1/credits"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(okJson("{\"data\":{\"total_credits\":100.5,\"total_usage\":25.75}}")));
        stub.stubFor(
                get(urlEqualTo("/api/v1/key"))
                        .willReturn(
                                okJson(
                                        """
                {"data":{"label":"sk-or-v1-au7...890","limit":100,"limit_remaining":74.5,"limit_reset":"monthly",
                 "usage":25.5,"usage_daily":25.5,"usage_weekly":25.5,"usage_monthly":25.5,"is_free_tier":false,
                 "expires_at":"2027-12-31T23:59:59Z"}}""")));

        assertThat(poll(new OpenRouterAdapter(http), Map.of()))
                .containsExactly(
                        Reading.balance(new BigDecimal("74.75"), "USD"),
                        new Reading(OpenRouterAdapter.KEY_LIMIT_REMAINING, new BigDecimal("74.5"), "USD", Map.of()));
    }

    @Test
    void openrouter_key_without_limit_gives_only_the_balance() {
        stub.stubFor(get(urlEqualTo("/api/v1/credits"))
                .willReturn(okJson("{\"data\":{\"total_credits\":10,\"total_usage\":0}}")));
        stub.stubFor(
                get(urlEqualTo("/api/v1/key"))
                        .willReturn(
                                okJson(
                                        "{\"data\":{\"label\":\"x\",\"limit\":null,\"limit_remaining\":null,\"limit_reset\":null,\"usage\":0}}")));

        assertThat(poll(new OpenRouterAdapter(http), Map.of()))
                .containsExactly(Reading.balance(new BigDecimal("10"), "USD"));
    }

    @Test
    void openrouter_a_failing_key_call_keeps_the_balance_the_credits_call_read() {
        stub.stubFor(get(urlEqualTo("/api/v1/credits"))
                .willReturn(okJson("{\"data\":{\"total_credits\":20,\"total_usage\":5}}")));
        stub.stubFor(get(urlEqualTo("/api/v1/key"))
                .willReturn(aResponse()
                        .withStatus(502)
                        .withBody("{\"error\":{\"code\":502,\"message\":\"Bad gateway\"}}")));

        assertThat(poll(new OpenRouterAdapter(http), Map.of()))
                .containsExactly(Reading.balance(new BigDecimal("15"), "USD"));
    }

    @Test
    void openrouter_errors_are_typed_with_the_providers_message_and_retry_after() {
        stub.stubFor(
                get(urlEqualTo("/api/v1/credits"))
                        .willReturn(
                                aResponse()
                                        .withStatus(401)
                                        .withBody(
                                                "{\"error\":{\"code\":401,\"message\":\"No auth credentials found\",\"metadata\":{}}}")));
        stub.stubFor(get(urlEqualTo("/api/v1/key")).willReturn(okJson("{\"data\":{}}")));
        assertThatThrownBy(() -> poll(new OpenRouterAdapter(http), Map.of()))
                .isInstanceOfSatisfying(PollFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(PollFailure.Kind.AUTH);
                    assertThat(f.getMessage())
                            .isEqualTo("HTTP 401: No auth credentials found")
                            .doesNotContain(KEY);
                });

        stub.stubFor(get(urlEqualTo("/api/v1/credits"))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "17")
                        .withBody("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}")));
        assertThatThrownBy(() -> poll(new OpenRouterAdapter(http), Map.of()))
                .isInstanceOfSatisfying(PollFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(PollFailure.Kind.RATE_LIMITED);
                    assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(17));
                });

        stub.stubFor(get(urlEqualTo("/api/v1/credits"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withBody("{\"error\":{\"code\":503,\"message\":\"Service unavailable\"}}")));
        assertThatThrownBy(() -> poll(new OpenRouterAdapter(http), Map.of())).isInstanceOf(PollFailure.Transient.class);
    }

    @Test
    void deepseek_one_reading_per_currency_from_strings_or_numbers() {
        stub.stubFor(
                get(urlEqualTo("/user/balance"))
                        .willReturn(
                                okJson(
                                        """
                {"is_available":true,"balance_infos":[
                  {"currency":"CNY","total_balance":"110.00","granted_balance":"10.00","topped_up_balance":"100.00"},
                  {"currency":"USD","total_balance":3.5,"granted_balance":0,"topped_up_balance":3.5}]}""")));

        assertThat(poll(new DeepSeekAdapter(http), Map.of()))
                .containsExactly(
                        Reading.balance(new BigDecimal("110.00"), "CNY"),
                        Reading.balance(new BigDecimal("3.5"), "USD"));
    }

    @Test
    void deepseek_openai_style_error() {
        stub.stubFor(
                get(urlEqualTo("/user/balance"))
                        .willReturn(
                                aResponse()
                                        .withStatus(402)
                                        .withBody(
                                                "{\"error\":{\"message\":\"Insufficient Balance\",\"type\":\"unknown_error\",\"param\":null,\"code\":\"invalid_request_error\"}}")));

        assertThatThrownBy(() -> poll(new DeepSeekAdapter(http), Map.of()))
                .isInstanceOfSatisfying(PollFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(PollFailure.Kind.PAYMENT_REQUIRED);
                    assertThat(f.getMessage()).contains("Insufficient Balance");
                });
    }

    @Test
    void moonshot_available_balance_in_cny_even_when_negative_cash() {
        stub.stubFor(
                get(urlEqualTo("/v1/users/me/balance"))
                        .willReturn(
                                okJson(
                                        "{\"code\":0,\"data\":{\"available_balance\":49.58894,\"voucher_balance\":46.58893,\"cash_balance\":-3.00001},\"scode\":\"0x0\",\"status\":true}")));

        assertThat(poll(new MoonshotAdapter(http), Map.of()))
                .containsExactly(Reading.balance(new BigDecimal("49.58894"), "CNY"));
    }

    @Test
    void siliconflow_total_balance_and_its_code() {
        stub.stubFor(
                get(urlEqualTo("/v1/user/info"))
                        .willReturn(
                                okJson(
                                        """
                {"code":20000,"message":"OK","status":true,"data":{"id":"userid","name":"username","balance":"0.88",
                 "status":"normal","chargeBalance":"88.00","totalBalance":"88.88"}}""")));
        assertThat(poll(new SiliconFlowAdapter(http), Map.of()))
                .containsExactly(Reading.balance(new BigDecimal("88.88"), "CNY"));

        stub.stubFor(get(urlEqualTo("/v1/user/info"))
                .willReturn(okJson("{\"code\":50001,\"message\":\"invalid token\",\"data\":null}")));
        assertThatThrownBy(() -> poll(new SiliconFlowAdapter(http), Map.of()))
                .isInstanceOfSatisfying(
                        PollFailure.class,
                        f -> assertThat(f.getMessage()).contains("50001").contains("invalid token"));
    }

    @Test
    void generic_json_reads_the_pointer_with_the_configured_header() {
        stub.stubFor(get(urlEqualTo("/billing/balance"))
                .withHeader("X-Api-Key", equalTo(KEY))
                .willReturn(okJson("{\"account\":{\"funds\":{\"available\":\"1234.5678\"}}}")));
        Map<String, String> settings = Map.of(
                "path",
                "/billing/balance",
                "pointer",
                "/account/funds/available",
                "currency",
                "EUR",
                "authHeader",
                "X-Api-Key",
                "authPrefix",
                "");

        assertThat(poll(new GenericJsonAdapter(http), settings))
                .containsExactly(Reading.balance(new BigDecimal("1234.5678"), "EUR"));
        assertThat(new GenericJsonAdapter(http).validate(Map.of("pointer", "account", "currency", "euro"), null))
                .containsOnlyKeys("baseUrl", "settings.pointer", "settings.currency");
    }

    @Test
    void an_unexpected_answer_is_a_bad_response_not_a_made_up_value() {
        stub.stubFor(get(urlEqualTo("/user/balance")).willReturn(okJson("<html>maintenance</html>")));
        assertThatThrownBy(() -> poll(new DeepSeekAdapter(http), Map.of()))
                .isInstanceOfSatisfying(
                        PollFailure.class, f -> assertThat(f.kind()).isEqualTo(PollFailure.Kind.BAD_RESPONSE));
    }

    private static List<Reading> poll(BalanceAdapter adapter, Map<String, String> settings) {
        return adapter.poll(new PollTarget(stub.baseUrl(), KEY, settings))
                .await()
                .atMost(Duration.ofSeconds(10));
    }
}
