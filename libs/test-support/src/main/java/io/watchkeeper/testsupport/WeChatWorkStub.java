package io.watchkeeper.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The WeChat Work group bot ({@code POST /cgi-bin/webhook/send?key=KEY}) as EXTERNAL-APIS.md §6 describes
 * it: HTTP 200 always, success or failure in {@code errcode}.
 */
public final class WeChatWorkStub {

    public static final String PATH = "/cgi-bin/webhook/send";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final String key;

    public WeChatWorkStub(WireMockServer server, String key) {
        this.server = server;
        this.key = key;
    }

    /** The webhook URL of this bot, as an admin would paste it. */
    public String webhookUrl() {
        return server.baseUrl() + PATH + "?key=" + key;
    }

    public WeChatWorkStub acceptsMessages() {
        return answers(0, "ok");
    }

    /** E.g. {@code answers(93000, "invalid webhook url")} for a revoked key. */
    public WeChatWorkStub answers(int errcode, String errmsg) {
        server.stubFor(post(urlPathEqualTo(PATH))
                .withQueryParam("key", equalTo(key))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}")));
        return this;
    }

    /** Every message body this bot received, in order. */
    public List<JsonNode> received() {
        return server.findAll(postRequestedFor(urlPathEqualTo(PATH)).withQueryParam("key", equalTo(key))).stream()
                .map(LoggedRequest::getBodyAsString)
                .map(WeChatWorkStub::parse)
                .toList();
    }

    /** The {@code text.content} of every text message received, in order. */
    public List<String> receivedTexts() {
        return received().stream()
                .map(m -> m.path("text").path("content").asText())
                .toList();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
