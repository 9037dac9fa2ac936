package io.watchkeeper.notifier.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.TestTokens;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each channel type's exact wire format and signature (EXTERNAL-APIS.md §6–10), through the test endpoint,
 * against a stub that records what it received. The signing functions themselves are checked against the
 * published vectors in {@link SignaturesTest}.
 */
@NotifierTest
class ChannelFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectWireMock
    WireMockServer wireMock;

    @Test
    void feishu_sends_a_signed_card_coloured_by_severity_with_mentions() throws Exception {
        String path =
                stub("/open-apis/bot/v2/hook/" + UUID.randomUUID(), "{\"code\":0,\"msg\":\"success\",\"data\":{}}");
        testChannel(
                        """
                {"type":"feishu","webhookUrl":"%s","secret":"demo-secret","mentionedUsers":["all","ou_7d8a6e6df7621556ce0d21922b676706ccs"]}"""
                                .formatted(url(path)))
                .body("delivered", org.hamcrest.Matchers.equalTo(true));

        JsonNode body = JSON.readTree(only(path).getBodyAsString());
        long timestamp = Long.parseLong(body.path("timestamp").asText());
        assertThat(Math.abs(timestamp - System.currentTimeMillis() / 1000))
                .as("seconds, now")
                .isLessThan(60);
        assertThat(body.path("sign").asText()).isEqualTo(Signatures.feishu(timestamp, "demo-secret"));
        assertThat(body.path("msg_type").asText()).isEqualTo("interactive");
        JsonNode card = body.path("card");
        assertThat(card.path("header").path("template").asText()).isEqualTo("blue");
        assertThat(card.path("header").path("title").path("content").asText()).startsWith("[FIRING] Test message");
        String text = card.path("elements").get(0).path("text").path("content").asText();
        assertThat(card.path("elements").get(0).path("text").path("tag").asText())
                .isEqualTo("lark_md");
        assertThat(text).contains("<at id=all></at>").contains("<at id=ou_7d8a6e6df7621556ce0d21922b676706ccs></at>");
    }

    @Test
    void a_feishu_refusal_on_http_200_is_reported() {
        String path = stub(
                "/open-apis/bot/v2/hook/" + UUID.randomUUID(),
                "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}");
        testChannel("""
                {"type":"feishu","webhookUrl":"%s","secret":"wrong"}""".formatted(url(path)))
                .body("delivered", org.hamcrest.Matchers.equalTo(false))
                .body("error", org.hamcrest.Matchers.startsWith("code 19021: sign match fail"));
    }

    @Test
    void dingtalk_signs_in_the_url_and_mentions_mobiles_in_text_and_at() throws Exception {
        String path = "/robot/send";
        String token = UUID.randomUUID().toString();
        wireMock.stubFor(post(urlPathEqualTo(path))
                .withQueryParam("access_token", com.github.tomakehurst.wiremock.client.WireMock.equalTo(token))
                .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        testChannel(
                        """
                {"type":"dingtalk","webhookUrl":"%s?access_token=%s","secret":"SECdemo","mentionedMobiles":["15000001111"],"language":"zh"}"""
                                .formatted(url(path), token))
                .body("delivered", org.hamcrest.Matchers.equalTo(true));

        LoggedRequest request = wireMock.findAll(postRequestedFor(urlPathEqualTo(path))).stream()
                .filter(r -> r.queryParameter("access_token").firstValue().equals(token))
                .findFirst()
                .orElseThrow();
        long timestamp = Long.parseLong(request.queryParameter("timestamp").firstValue());
        assertThat(Math.abs(timestamp - System.currentTimeMillis()))
                .as("milliseconds, now")
                .isLessThan(60_000);
        assertThat(request.queryParameter("sign").firstValue())
                .isEqualTo(URLDecoder.decode(Signatures.dingTalk(timestamp, "SECdemo"), StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(request.getBodyAsString());
        assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.path("markdown").path("title").asText()).startsWith("【告警】Test message");
        assertThat(body.path("markdown").path("text").asText())
                .contains("@15000001111")
                .contains("级别：info");
        assertThat(body.path("at").path("atMobiles").get(0).asText()).isEqualTo("15000001111");
        assertThat(body.path("at").path("isAtAll").asBoolean()).isFalse();
    }

    @Test
    void a_webhook_is_signed_as_standard_webhooks() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String path = stub("/hooks/" + UUID.randomUUID(), "");
        testChannel("""
                {"type":"webhook","webhookUrl":"%s","secret":"%s"}"""
                        .formatted(url(path), secret))
                .body("delivered", org.hamcrest.Matchers.equalTo(true));

        LoggedRequest request = only(path);
        String id = request.getHeader("webhook-id");
        long timestamp = Long.parseLong(request.getHeader("webhook-timestamp"));
        assertThat(id).startsWith("msg_");
        assertThat(request.getHeader("webhook-signature"))
                .isEqualTo(Signatures.standardWebhook(secret, id, timestamp, request.getBodyAsString()));
        JsonNode body = JSON.readTree(request.getBodyAsString());
        assertThat(body.path("type").asText()).isEqualTo("alert.firing");
        assertThat(body.path("data").path("status").asText()).isEqualTo("firing");
        assertThat(body.path("data").path("title").asText()).startsWith("Test message");
    }

    @Test
    void a_webhook_needs_a_whsec_secret() {
        as("admin")
                .body("""
                {"name":"%s","type":"webhook","webhookUrl":"https://example.com/hook"}"""
                        .formatted(UUID.randomUUID()))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("secret"));
        as("admin")
                .body(
                        """
                {"name":"%s","type":"webhook","webhookUrl":"https://example.com/hook","secret":"hunter2"}"""
                                .formatted(UUID.randomUUID()))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("secret"));
    }

    @Test
    void the_alertmanager_webhook_is_version_4() throws Exception {
        String path = stub("/am/" + UUID.randomUUID(), "");
        String name = "am-" + UUID.randomUUID();
        testChannel(name, """
                {"type":"alertmanager_webhook","webhookUrl":"%s"}""".formatted(url(path)))
                .body("delivered", org.hamcrest.Matchers.equalTo(true));

        JsonNode body = JSON.readTree(only(path).getBodyAsString());
        assertThat(body.path("version").asText()).isEqualTo("4");
        assertThat(body.path("status").asText()).isEqualTo("firing");
        assertThat(body.path("receiver").asText()).isEqualTo(name);
        assertThat(body.path("groupKey").asText()).isEqualTo("{}:{alertname=\"channel test\"}");
        assertThat(body.path("truncatedAlerts").asInt()).isZero();
        assertThat(body.path("externalURL").asText()).startsWith("http");
        List<String> fields = List.of(
                "version",
                "groupKey",
                "truncatedAlerts",
                "status",
                "receiver",
                "groupLabels",
                "commonLabels",
                "commonAnnotations",
                "externalURL",
                "alerts");
        assertThat(fields).allMatch(body::has);
        JsonNode alert = body.path("alerts").get(0);
        assertThat(alert.path("status").asText()).isEqualTo("firing");
        assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("channel test");
        assertThat(alert.path("annotations").path("summary").asText()).startsWith("Test message");
        assertThat(alert.path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(alert.path("fingerprint").asText()).hasSize(16);
        assertThat(java.time.Instant.parse(alert.path("startsAt").asText())).isNotNull();
    }

    @Test
    void wechat_work_markdown_colours_the_headline() throws Exception {
        String key = UUID.randomUUID().toString();
        wireMock.stubFor(post(urlPathEqualTo("/cgi-bin/webhook/send"))
                .withQueryParam("key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(key))
                .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        testChannel(
                        """
                {"type":"wechat_work","format":"markdown","webhookUrl":"%s/cgi-bin/webhook/send?key=%s","mentionedUsers":["wangqing"]}"""
                                .formatted(wireMock.baseUrl(), key))
                .body("delivered", org.hamcrest.Matchers.equalTo(true));

        LoggedRequest request = wireMock.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/webhook/send"))).stream()
                .filter(r -> r.queryParameter("key").firstValue().equals(key))
                .findFirst()
                .orElseThrow();
        JsonNode body = JSON.readTree(request.getBodyAsString());
        assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.path("markdown").path("content").asText())
                .startsWith("<font color=\"comment\">**[FIRING] Test message")
                .endsWith("<@wangqing>");
    }

    @Test
    void an_sms_gateway_gets_one_json_request_per_phone_with_its_secret_header() throws Exception {
        String path = stub("/sms/" + UUID.randomUUID(), "{\"ok\":true}");
        String name = "ops \\\"night\\\" " + UUID.randomUUID();
        String id = as("admin")
                .body(
                        """
                {"name":"%s","type":"sms","webhookUrl":"%s","sms":{"phones":["+8613800001111","13900002222"],
                 "contentType":"application/json","headers":{"Authorization":"Bearer sk-test-123"},
                 "bodyTemplate":"{\\"to\\":\\"{to}\\",\\"content\\":\\"{text}\\",\\"sign\\":\\"Watchkeeper\\"}"}}"""
                                .formatted(name, url(path)))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("sk-test-123")))
                .body("sms.phones[1]", org.hamcrest.Matchers.equalTo("13900002222"))
                .extract()
                .path("id");
        as("operator")
                .when()
                .post("/api/v1/channels/" + id + "/test")
                .then()
                .statusCode(200)
                .body("delivered", org.hamcrest.Matchers.equalTo(true));

        List<LoggedRequest> requests = wireMock.findAll(postRequestedFor(urlPathEqualTo(path)));
        assertThat(requests).hasSize(2);
        assertThat(requests)
                .allMatch(r -> r.getHeader("Authorization").equals("Bearer sk-test-123"))
                .allMatch(r -> r.getHeader("Content-Type").startsWith("application/json"));
        JsonNode first = JSON.readTree(requests.get(0).getBodyAsString());
        assertThat(first.path("to").asText()).isEqualTo("+8613800001111");
        assertThat(JSON.readTree(requests.get(1).getBodyAsString()).path("to").asText())
                .isEqualTo("13900002222");
        assertThat(first.path("content").asText())
                .startsWith("[FIRING] Test message from Watchkeeper to ops \"night\"");
        assertThat(first.path("sign").asText()).isEqualTo("Watchkeeper");
    }

    @Test
    void an_sms_gateway_can_take_a_form_query_by_get() {
        String path = "/sms-get/" + UUID.randomUUID();
        wireMock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(path))
                .willReturn(aResponse().withStatus(200).withBody("OK")));
        testChannel(
                        """
                {"type":"sms","webhookUrl":"%s?user=wk","sms":{"phones":["13800001111"],"method":"GET",
                 "contentType":"application/x-www-form-urlencoded","bodyTemplate":"mobile={to}&msg={text}"}}"""
                                .formatted(url(path)))
                .body("delivered", org.hamcrest.Matchers.equalTo(true));

        LoggedRequest request = wireMock.findAll(
                        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(path)))
                .get(0);
        assertThat(request.queryParameter("user").firstValue()).isEqualTo("wk");
        assertThat(request.queryParameter("mobile").firstValue()).isEqualTo("13800001111");
        assertThat(request.queryParameter("msg").firstValue()).startsWith("[FIRING] Test message from Watchkeeper");
    }

    @Test
    void a_redirect_is_not_followed_so_a_public_url_cannot_lead_the_send_inward() {
        String path = "/sms-moved/" + UUID.randomUUID();
        wireMock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(path))
                .willReturn(aResponse().withStatus(302).withHeader("Location", url(path + "/internal"))));
        wireMock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(path + "/internal"))
                .willReturn(aResponse().withStatus(200).withBody("OK")));
        testChannel(
                        """
                {"type":"sms","webhookUrl":"%s","sms":{"phones":["13800001111"],"method":"GET",
                 "contentType":"application/x-www-form-urlencoded","bodyTemplate":"mobile={to}&msg={text}"}}"""
                                .formatted(url(path)))
                .body("delivered", org.hamcrest.Matchers.equalTo(false))
                .body("error", org.hamcrest.Matchers.containsString("302"));
        assertThat(wireMock.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                        urlPathEqualTo(path + "/internal"))))
                .isEmpty();
    }

    @Test
    void an_sms_template_that_cannot_render_is_a_400_naming_it() {
        for (String template : List.of("{to", "{nope}")) {
            as("admin")
                    .body(
                            """
                    {"name":"%s","type":"sms","webhookUrl":"https://sms.example.com/send",
                     "sms":{"phones":["13800001111"],"contentType":"text/plain","bodyTemplate":"%s"}}"""
                                    .formatted(UUID.randomUUID(), template))
                    .when()
                    .post("/api/v1/channels")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("sms.bodyTemplate"));
        }
        as("admin")
                .body(
                        """
                {"name":"%s","type":"sms","webhookUrl":"https://sms.example.com/send","sms":{"bodyTemplate":"{to}"}}"""
                                .formatted(UUID.randomUUID()))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("sms.phones"));
    }

    @Test
    void only_operators_and_admins_send_tests() {
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .post("/api/v1/channels/" + UUID.randomUUID() + "/test")
                .then()
                .statusCode(403);
        as("operator")
                .when()
                .post("/api/v1/channels/" + UUID.randomUUID() + "/test")
                .then()
                .statusCode(404);
    }

    private ValidatableResponse testChannel(String json) {
        return testChannel("c-" + UUID.randomUUID(), json);
    }

    private ValidatableResponse testChannel(String name, String json) {
        String body = json.trim().replaceFirst("^\\{", "{\"name\":\"" + name + "\",");
        String id = as("admin")
                .body(body)
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .body("signed", org.hamcrest.Matchers.equalTo(body.contains("\"secret\"")))
                .extract()
                .path("id");
        return as("operator")
                .when()
                .post("/api/v1/channels/" + id + "/test")
                .then()
                .statusCode(200);
    }

    private String stub(String path, String answer) {
        wireMock.stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(answer)));
        return path;
    }

    private String url(String path) {
        return wireMock.baseUrl() + path;
    }

    private LoggedRequest only(String path) {
        List<LoggedRequest> requests = wireMock.findAll(postRequestedFor(urlPathEqualTo(path)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static io.restassured.specification.RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role + "-user", role))
                .contentType(ContentType.JSON);
    }
}
