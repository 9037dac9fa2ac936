package io.watchkeeper.collector.source.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.watchkeeper.collector.source.adapter.PollFailure.Kind;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.platform.net.UrlGuard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * HTTP for adapters: one shared client, JSON read with exact decimals, and the HTTP status mapped to a
 * typed {@link PollFailure} with the provider's own error message. Never logs or returns the credential.
 */
@ApplicationScoped
public class ProviderHttp {

    private final WebClient client;
    private final long timeoutMs;

    @jakarta.inject.Inject
    public ProviderHttp(
            Vertx vertx,
            UrlGuard guard,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "watchkeeper.collector.poll.timeout")
                    Duration timeout,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "watchkeeper.collector.poll.concurrency")
                    int concurrency) {
        // one connection per concurrent poll to the same host; the request timeout frees the connection of an
        // answer that never comes (the guard's timeout alone would leave it busy). The SSRF guard checks where each
        // connection really goes and follows no redirect.
        this.client = guard.webClient(
                vertx,
                new io.vertx.ext.web.client.WebClientOptions()
                        .setMaxPoolSize(Math.max(5, concurrency))
                        .setConnectTimeout((int) Math.min(timeout.toMillis(), 10_000)));
        this.timeoutMs = timeout.toMillis();
    }

    public ProviderHttp(Vertx vertx, UrlGuard guard) {
        this(vertx, guard, Duration.ofSeconds(10), 32);
    }

    /** GET {@code url} with the given headers; the JSON body of a 2xx answer, else a typed failure. */
    public Uni<JsonNode> getJson(String url, Map<String, String> headers) {
        HttpRequest<Buffer> request = client.getAbs(url).timeout(timeoutMs);
        headers.forEach(request::putHeader);
        return send(request.send());
    }

    /** Sends an arbitrary request built by the caller (e.g. a signed POST). */
    public Uni<JsonNode> send(Uni<HttpResponse<Buffer>> response) {
        return response.onFailure(e -> !(e instanceof PollFailure))
                .transform(e -> e instanceof java.util.concurrent.TimeoutException
                        // the request's own timeout and the poll's (Fault Tolerance) have the same length: either
                        // may fire first, the failure is the same
                        ? PollFailure.of(Kind.TIMEOUT, "no answer in time", null)
                        : PollFailure.of(
                                Kind.UNAVAILABLE,
                                "cannot reach the provider: " + e.getClass().getSimpleName() + " " + e.getMessage(),
                                null))
                .map(ProviderHttp::read);
    }

    public HttpRequest<Buffer> get(String url) {
        return client.getAbs(url).timeout(timeoutMs);
    }

    public HttpRequest<Buffer> post(String url) {
        return client.postAbs(url).timeout(timeoutMs);
    }

    static JsonNode read(HttpResponse<Buffer> response) {
        String body = response.bodyAsString();
        int status = response.statusCode();
        if (status / 100 == 2) {
            return parse(body);
        }
        String message = "HTTP " + status + ": " + errorMessage(body);
        Duration retryAfter = retryAfter(response.getHeader("Retry-After"));
        Kind kind =
                switch (status) {
                    case 401, 403 -> Kind.AUTH;
                    case 402 -> Kind.PAYMENT_REQUIRED;
                    case 429 -> Kind.RATE_LIMITED;
                    case 408, 500, 502, 503, 504 -> Kind.UNAVAILABLE;
                    default -> status >= 500 ? Kind.UNAVAILABLE : Kind.BAD_REQUEST;
                };
        throw PollFailure.of(kind, message, retryAfter);
    }

    public static JsonNode parse(String body) {
        try {
            JsonNode node = CloudEventCodec.instance().mapper().readTree(body == null ? "" : body);
            if (node == null || node.isMissingNode()) {
                throw new PollFailure(Kind.BAD_RESPONSE, "empty answer");
            }
            return node;
        } catch (IOException e) {
            throw new PollFailure(Kind.BAD_RESPONSE, "answer is not JSON: " + truncate(body));
        }
    }

    /** The provider's own words: {@code error.message}, {@code message} or {@code msg}; else the body, cut. */
    static String errorMessage(String body) {
        try {
            JsonNode json = CloudEventCodec.instance().mapper().readTree(body);
            for (JsonNode candidate : new JsonNode[] {
                json.path("error").path("message"),
                json.path("message"),
                json.path("msg"),
                json.path("ResponseMetadata").path("Error").path("Message")
            }) {
                if (candidate.isTextual() && !candidate.asText().isBlank()) {
                    return truncate(candidate.asText());
                }
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw body
        }
        return truncate(body);
    }

    /** A decimal from a JSON number or a numeric string (DeepSeek sends both); a failure otherwise. */
    public static BigDecimal decimal(JsonNode node, String what) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new PollFailure(Kind.BAD_RESPONSE, what + " is not a number: " + truncate(node.toString()));
    }

    public static <T> T require(JsonNode node, String what, Function<JsonNode, T> read) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new PollFailure(Kind.BAD_RESPONSE, "answer has no " + what);
        }
        return read.apply(node);
    }

    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            try {
                return Duration.between(
                        java.time.Instant.now(),
                        java.time.ZonedDateTime.parse(header, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private static String truncate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
