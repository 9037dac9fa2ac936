package io.watchkeeper.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** Volcengine billing (EXTERNAL-APIS.md §5) on a WireMock server under a path prefix: a balance and one month's spend. */
final class BillingStub {

    private BillingStub() {}

    /** The month-to-date spend of sub-account (OwnerID) {@code owner} is {@code spend}. */
    static void spend(WireMockServer stubs, String prefix, String owner, String spend) {
        stubs.stubFor(
                get(urlPathEqualTo(prefix + "/"))
                        .withQueryParam("Action", equalTo("QueryBalanceAcct"))
                        .willReturn(
                                okJson(
                                        "{\"ResponseMetadata\":{\"RequestId\":\"r\",\"Action\":\"QueryBalanceAcct\"},"
                                                + "\"Result\":{\"AccountID\":2100000001,\"AvailableBalance\":\"5000.00\",\"CashBalance\":\"5000.00\"}}")));
        stubs.stubFor(post(urlPathEqualTo(prefix + "/"))
                .withQueryParam("Action", equalTo("ListBillDetail"))
                .willReturn(
                        okJson("{\"ResponseMetadata\":{\"RequestId\":\"r\",\"Action\":\"ListBillDetail\"},\"Result\":{"
                                + "\"List\":[{\"BillPeriod\":\"" + YearMonth.now(ZoneOffset.UTC) + "\",\"OwnerID\":\""
                                + owner
                                + "\",\"Project\":\"ark\",\"PayableAmount\":\"" + spend + "\",\"Currency\":\"CNY\"}],"
                                + "\"Total\":1,\"Limit\":100,\"Offset\":0}}")));
    }
}
