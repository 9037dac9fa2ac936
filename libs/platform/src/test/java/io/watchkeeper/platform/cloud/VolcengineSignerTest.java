package io.watchkeeper.platform.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signer against the published vectors (EXTERNAL-APIS.md, test vectors). */
class VolcengineSignerTest {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void the_canonical_request_of_the_reference_example_hashes_to_the_published_value() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        headers.put("Host", "iam.byteplusapi.com");
        headers.put("X-Date", "20201230T081805Z");
        headers.put("X-Content-Sha256", EMPTY_SHA256);

        String canonical = VolcengineSigner.canonicalRequest(
                "GET",
                Map.of("Action", "ListUsers", "Version", "2018-01-01", "Limit", "10", "Offset", "0"),
                VolcengineSigner.signedHeaders(headers),
                VolcengineSigner.sha256Hex(new byte[0]));

        assertThat(VolcengineSigner.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("4809ff4a3260bb6714f750191275cfcf0c16466951fcfd99187e69644b6ae020");
    }

    @Test
    void the_signing_key_matches_the_published_derivation() {
        assertThat(HexFormat.of()
                        .formatHex(VolcengineSigner.signingKey(
                                "TnpCak5XWXpZV1U0WkRaaE5ERmxaR0ZpTmpjeVkyUXlZek0wTWpJMU1qWQ==",
                                "20201230",
                                "ap-singapore-1",
                                "iam")))
                .isEqualTo("b5e43ebb4254f8699a4d365bd6a6e0e7274f0fffec08309476362169b8088b8d");
    }

    @Test
    void the_authorization_header_names_scope_and_signed_headers() {
        Map<String, String> signed = VolcengineSigner.sign(
                "GET",
                Map.of("Action", "QueryBalanceAcct", "Version", "2022-01-01"),
                Map.of("Content-Type", "application/json", "Host", "open.volcengineapi.com:443"),
                new byte[0],
                "AKLTexample",
                "secret",
                "cn-beijing",
                "billing",
                Instant.parse("2026-11-22T08:00:00Z"));

        assertThat(signed).containsEntry("X-Date", "20261122T080000Z").containsEntry("X-Content-Sha256", EMPTY_SHA256);
        assertThat(signed.get("Authorization"))
                .matches("HMAC-SHA256 Credential=AKLTexample/20261122/cn-beijing/billing/request, "
                        + "SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=[0-9a-f]{64}");
    }

    @Test
    void query_names_and_values_are_rfc3986_encoded_and_sorted() {
        assertThat(VolcengineSigner.canonicalQuery(Map.of("b", "x y", "a", "1*2~", "Query", "名")))
                .isEqualTo("Query=%E5%90%8D&a=1%2A2~&b=x%20y");
    }
}
