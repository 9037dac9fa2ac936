package io.watchkeeper.collector.source.costs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.collector.source.adapter.PollFailure;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.Reading;
import io.watchkeeper.contracts.event.MetricKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cost reports of OpenAI and Anthropic: pages followed, daily and month-to-date spend, Anthropic's cents. */
class CostAdaptersTest extends io.watchkeeper.collector.source.ProviderStubs {

    private static final Clock NOV_3 = Clock.fixed(Instant.parse("2026-11-03T15:00:00Z"), ZoneOffset.UTC);

    @Test
    void openai_costs_follow_pages_and_sum_the_month() {
        long nov1 = Instant.parse("2026-11-01T00:00:00Z").getEpochSecond();
        long day = 86_400;
        stub.stubFor(get(urlPathEqualTo("/v1/organization/costs"))
                .withQueryParam("page", absent())
                .withQueryParam("start_time", equalTo(String.valueOf(nov1)))
                .withHeader("Authorization", equalTo("Bearer sk-admin"))
                .willReturn(okJson(page(nov1, "0.06", nov1 + day, "1.50", true, "\"page_2\""))));
        stub.stubFor(get(urlPathEqualTo("/v1/organization/costs"))
                .withQueryParam("page", equalTo("page_2"))
                .willReturn(okJson(page(nov1 + 2 * day, "2.25", nov1 + 2 * day, "0.75", false, "null"))));

        List<Reading> readings = new OpenAiCostsAdapter(http, NOV_3)
                .poll(new PollTarget(stub.baseUrl(), "sk-admin", Map.of()))
                .await()
                .atMost(Duration.ofSeconds(10));

        assertThat(readings)
                .containsExactly(
                        new Reading(Reading.SPEND_DAY, new BigDecimal("3.00"), "USD", Map.of(), MetricKind.SPEND),
                        new Reading(Reading.SPEND_MONTH, new BigDecimal("4.56"), "USD", Map.of(), MetricKind.SPEND));
    }

    @Test
    void anthropic_amounts_are_cents() {
        stub.stubFor(
                get(urlPathEqualTo("/v1/organizations/cost_report"))
                        .withQueryParam("starting_at", equalTo("2026-11-01T00:00:00Z"))
                        .withHeader("x-api-key", equalTo("sk-ant-admin"))
                        .withHeader("anthropic-version", equalTo("2023-06-01"))
                        .willReturn(
                                okJson(
                                        """
                        {"data":[{"starting_at":"2026-11-02T00:00:00Z","ending_at":"2026-11-03T00:00:00Z",
                          "results":[{"amount":"123.45","currency":"USD","cost_type":"tokens","description":"x","model":"m","workspace_id":null}]},
                         {"starting_at":"2026-11-03T00:00:00Z","ending_at":"2026-11-04T00:00:00Z",
                          "results":[{"amount":"50","currency":"USD","cost_type":"tokens","description":"x","model":"m","workspace_id":null}]}],
                         "has_more":false,"next_page":null}""")));

        List<Reading> readings = new AnthropicCostsAdapter(http, NOV_3)
                .poll(new PollTarget(stub.baseUrl(), "sk-ant-admin", Map.of()))
                .await()
                .atMost(Duration.ofSeconds(10));

        assertThat(readings)
                .extracting(Reading::metric, r -> r.value().stripTrailingZeros().toPlainString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Reading.SPEND_DAY, "0.5"),
                        org.assertj.core.groups.Tuple.tuple(Reading.SPEND_MONTH, "1.7345"));
    }

    @Test
    void anthropic_error_shape_is_typed() {
        stub.stubFor(
                get(urlPathEqualTo("/v1/organizations/cost_report"))
                        .withHeader("x-api-key", equalTo("bad"))
                        .willReturn(
                                aResponse()
                                        .withStatus(401)
                                        .withBody(
                                                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"},\"request_id\":\"req_1\"}")));

        assertThatThrownBy(() -> new AnthropicCostsAdapter(http, NOV_3)
                        .poll(new PollTarget(stub.baseUrl(), "bad", Map.of()))
                        .await()
                        .atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(PollFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(PollFailure.Kind.AUTH);
                    assertThat(f.getMessage()).contains("invalid x-api-key");
                });
    }

    private static String page(long start1, String amount1, long start2, String amount2, boolean more, String next) {
        return "{\"object\":\"page\",\"data\":[" + bucket(start1, amount1) + "," + bucket(start2, amount2) + "],"
                + "\"has_more\":" + more + ",\"next_page\":" + next + "}";
    }

    private static String bucket(long start, String amount) {
        return "{\"object\":\"bucket\",\"start_time\":" + start + ",\"end_time\":" + (start + 86_400) + ",\"results\":["
                + "{\"object\":\"organization.costs.result\",\"amount\":{\"value\":" + amount
                + ",\"currency\":\"usd\"},"
                + "\"line_item\":null,\"project_id\":null}]}";
    }
}
