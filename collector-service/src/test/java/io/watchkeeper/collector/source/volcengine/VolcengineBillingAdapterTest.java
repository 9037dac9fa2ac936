package io.watchkeeper.collector.source.volcengine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.watchkeeper.collector.source.adapter.PollFailure;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.Reading;
import io.watchkeeper.platform.cloud.VolcengineSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The billing adapter against a stub that answers in Volcengine's envelope and checks every signature. */
class VolcengineBillingAdapterTest extends io.watchkeeper.collector.source.ProviderStubs {

    private static final String AK = "AKLTtestaccesskey";
    private static final String SK = "dGVzdHNlY3JldGtleQ==";
    private static final String AUTH = "HMAC-SHA256 Credential=" + AK
            + "/\\d{8}/cn-beijing/billing/request, SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=[0-9a-f]{64}";
    private static final Clock NOV = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void balance_and_month_to_date_spend_per_sub_account_and_project_over_pages() {
        stub.stubFor(
                get(urlPathEqualTo("/"))
                        .withQueryParam("Action", equalTo("QueryBalanceAcct"))
                        .withQueryParam("Version", equalTo("2022-01-01"))
                        .withHeader("Authorization", matching(AUTH))
                        .willReturn(
                                okJson(
                                        envelope(
                                                "QueryBalanceAcct",
                                                """
                        {"AccountID":210,"ArrearsBalance":"1.01","AvailableBalance":"77.01","CashBalance":"83.01",
                         "CreditLimit":"0.01","FreezeAmount":"5.01"}"""))));
        stub.stubFor(post(urlPathEqualTo("/"))
                .withQueryParam("Action", equalTo("ListBillDetail"))
                .withHeader("Authorization", matching(AUTH))
                .withRequestBody(matchingJsonPath("$.Offset", equalTo("0")))
                .withRequestBody(matchingJsonPath("$.BillPeriod", equalTo("2026-11")))
                .withRequestBody(matchingJsonPath("$.GroupTerm", equalTo("3")))
                .willReturn(okJson(envelope(
                        "ListBillDetail",
                        "{\"List\":[" + item("2100001", "ark", "10.50") + "," + item("2100001", "tos", "2.25")
                                + "],\"Total\":150,\"Limit\":100,\"Offset\":0}"))));
        stub.stubFor(post(urlPathEqualTo("/"))
                .withQueryParam("Action", equalTo("ListBillDetail"))
                .withHeader("Authorization", matching(AUTH))
                .withRequestBody(matchingJsonPath("$.Offset", equalTo("100")))
                .willReturn(okJson(envelope(
                        "ListBillDetail",
                        "{\"List\":[" + item("2100002", "", "0.40")
                                + "],\"Total\":150,\"Limit\":100,\"Offset\":100}"))));

        List<Reading> readings = poll(AK + ":" + SK);

        assertThat(readings)
                .extracting(r -> r.metric() + " " + r.labels().getOrDefault("sub_account", "-") + " "
                        + r.labels().getOrDefault("project", "-") + " "
                        + r.value().toPlainString() + " " + r.currency())
                .containsExactly(
                        "provider_balance - - 77.01 CNY",
                        "cloud_spend_month_to_date 2100001 - 12.75 CNY",
                        "cloud_spend_month_to_date 2100002 - 0.40 CNY",
                        "cloud_spend_month_to_date 2100001 ark 10.50 CNY",
                        "cloud_spend_month_to_date 2100001 tos 2.25 CNY",
                        "cloud_spend_month_to_date 2100002 default 0.40 CNY");
        assertThat(readings.get(1).labels()).containsEntry("bill_period", "2026-11");
        assertThat(readings).allSatisfy(r -> assertThat(r.labels()).containsEntry("account", "210"));

        // every request carries a signature the stub can recompute
        List<LoggedRequest> requests =
                stub.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
        assertThat(requests).hasSize(3);
        for (LoggedRequest r : requests) {
            assertThat(r.getHeader("Authorization")).isEqualTo(expectedAuthorization(r));
        }
    }

    /**
     * Calls of one account go out 200 ms apart at the earliest (5 per second); another account's are not held back.
     * Measured where the calls leave, not where the stub logs them: arrival times carry the network's jitter.
     */
    @Test
    void calls_of_one_account_keep_to_five_per_second() {
        VolcengineBillingAdapter adapter = new VolcengineBillingAdapter(http, NOV);
        long start = System.nanoTime();
        List<Long> sentAfterMs = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < 5; i++) {
            adapter.delayForRateLimit(AK)
                    .invoke(() -> sentAfterMs.add((System.nanoTime() - start) / 1_000_000))
                    .subscribe()
                    .with(x -> {});
        }
        adapter.delayForRateLimit("AKLTanotheraccount").await().atMost(Duration.ofMillis(100));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sentAfterMs.size() == 5);
        List<Long> sorted = sentAfterMs.stream().sorted().toList();
        for (int i = 1; i < 5; i++) {
            assertThat(sorted.get(i)).as("call %d", i).isGreaterThanOrEqualTo(i * 200L - 5);
        }
    }

    @Test
    void an_error_in_the_envelope_is_typed() {
        stub.stubFor(
                get(urlPathEqualTo("/"))
                        .willReturn(
                                aResponse()
                                        .withStatus(401)
                                        .withBody(
                                                "{\"ResponseMetadata\":{\"RequestId\":\"r\",\"Action\":\"QueryBalanceAcct\",\"Version\":\"2022-01-01\","
                                                        + "\"Service\":\"billing\",\"Region\":\"cn-beijing\",\"Error\":{\"Code\":\"SignatureDoesNotMatch\","
                                                        + "\"Message\":\"The request signature we calculated does not match\",\"CodeN\":100010}}}")));

        assertThatThrownBy(() -> poll(AK + ":wrong")).isInstanceOfSatisfying(PollFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(PollFailure.Kind.AUTH);
            assertThat(f.getMessage()).contains("does not match").doesNotContain("wrong");
        });
        assertThatThrownBy(() -> poll("no-colon"))
                .isInstanceOfSatisfying(
                        PollFailure.class, f -> assertThat(f.getMessage()).contains("AK:SK"));
    }

    private static List<Reading> poll(String credential) {
        return new VolcengineBillingAdapter(http, NOV)
                .poll(new PollTarget(stub.baseUrl(), credential, Map.of()))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    /** What the server would compute from the request it received. */
    private static String expectedAuthorization(LoggedRequest r) {
        Map<String, String> query = new java.util.LinkedHashMap<>();
        r.getQueryParams().forEach((name, values) -> query.put(name, values.firstValue()));
        Instant at = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .parse(r.getHeader("X-Date"), Instant::from);
        return VolcengineSigner.sign(
                        r.getMethod().getName(),
                        query,
                        Map.of("Content-Type", r.getHeader("Content-Type"), "Host", r.getHeader("Host")),
                        r.getBody(),
                        AK,
                        SK,
                        "cn-beijing",
                        "billing",
                        at)
                .get("Authorization");
    }

    private static String envelope(String action, String result) {
        return "{\"ResponseMetadata\":{\"RequestId\":\"20261122\",\"Action\":\"" + action
                + "\",\"Version\":\"2022-01-01\"," + "\"Service\":\"billing\",\"Region\":\"cn-beijing\"},\"Result\":"
                + result + "}";
    }

    private static String item(String owner, String project, String amount) {
        return "{\"BillPeriod\":\"2026-11\",\"PayerID\":\"2100000\",\"OwnerID\":\"" + owner + "\",\"Product\":\"ark\","
                + "\"Project\":\"" + project + "\",\"PayableAmount\":\"" + amount + "\",\"PaidAmount\":\"" + amount
                + "\",\"Currency\":\"CNY\",\"InstanceNo\":\"i-1\",\"ExpenseDate\":\"2026-11-21\"}";
    }
}
