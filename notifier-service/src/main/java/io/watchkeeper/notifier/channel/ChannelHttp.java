package io.watchkeeper.notifier.channel;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.watchkeeper.notifier.NotifierConfig;
import io.watchkeeper.platform.net.UrlGuard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.function.Function;

/** The HTTP side every webhook-style channel shares: one client, one timeout, how answers are judged. */
@ApplicationScoped
public class ChannelHttp {

    private static final Set<Integer> BACK_OFF = Set.of(429, 502, 503, 504);

    private final WebClient client;
    private final Duration timeout;

    public ChannelHttp(Vertx vertx, UrlGuard guard, NotifierConfig config) {
        this.timeout = config.sendTimeout();
        // the dispatcher sends up to 32 messages to one endpoint at once: a connection each (the default pool is 5);
        // the SSRF guard checks where each connection really goes and follows no redirect
        this.client = guard.webClient(
                vertx,
                new io.vertx.ext.web.client.WebClientOptions()
                        .setMaxPoolSize(32)
                        .setKeepAlive(true)
                        .setConnectTimeout((int) timeout.toMillis()));
    }

    /** POSTs a JSON {@code body} (sent byte for byte as given: signatures cover it) and judges the answer. */
    public Uni<SendResult> post(
            String url, MultiMap headers, String body, Function<HttpResponse<Buffer>, SendResult> judge) {
        MultiMap json = MultiMap.caseInsensitiveMultiMap().addAll(headers);
        if (!json.contains("Content-Type")) {
            json.set("Content-Type", "application/json; charset=utf-8");
        }
        return send(HttpMethod.POST, url, json, body, judge);
    }

    /** Any method; {@code body} null sends none. */
    public Uni<SendResult> send(
            HttpMethod method,
            String url,
            MultiMap headers,
            String body,
            Function<HttpResponse<Buffer>, SendResult> judge) {
        var request = client.requestAbs(method, url).timeout(timeout.toMillis()).putHeaders(headers);
        return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)))
                .map(judge)
                .onFailure()
                .recoverWithItem(e -> SendResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), null));
    }

    public Uni<SendResult> post(String url, JsonObject body, Function<HttpResponse<Buffer>, SendResult> judge) {
        return post(url, MultiMap.caseInsensitiveMultiMap(), body.encode(), judge);
    }

    /** Webhooks (Standard Webhooks §delivery): 2xx delivered, 410 gone, 429/502/503/504 wait (Retry-After). */
    public static SendResult byStatus(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        String text = response.bodyAsString();
        if (status / 100 == 2) {
            return SendResult.delivered(text);
        }
        if (status == 410) {
            return SendResult.gone("HTTP 410: the endpoint is gone", text);
        }
        if (BACK_OFF.contains(status)) {
            return SendResult.retryAfter("HTTP " + status, text, retryAfter(response.getHeader("Retry-After")));
        }
        return SendResult.failed("HTTP " + status, text);
    }

    /** Chat bots answer HTTP 200 even when they refuse: success is {@code field == 0} in the JSON body. */
    public static SendResult byJsonCode(HttpResponse<Buffer> response, String field, String messageField) {
        String text = response.bodyAsString();
        if (response.statusCode() / 100 != 2) {
            return byStatus(response);
        }
        JsonObject json;
        try {
            json = response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            return SendResult.failed("response is not JSON", text);
        }
        Integer code = json == null ? null : json.getInteger(field);
        if (code == null) {
            return SendResult.failed("response has no " + field, text);
        }
        return code == 0
                ? SendResult.delivered(text)
                : SendResult.failed(field + " " + code + ": " + json.getString(messageField, ""), text);
    }

    /** Seconds or an HTTP date; null when absent or unreadable (the usual backoff applies). */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
