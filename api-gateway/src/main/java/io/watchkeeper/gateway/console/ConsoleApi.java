package io.watchkeeper.gateway.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's only back end: this gateway's own REST API, called with the signed-in person's access token. Every
 * rule of the API (roles, the tenant claim, rate limits, problem answers, the audit log) therefore holds for the
 * console unchanged.
 */
@ApplicationScoped
public class ConsoleApi {

    /** The API refused or failed: its problem's status and detail, to show as they are. */
    public static final class Refused extends RuntimeException {

        public final int status;

        Refused(int status, String detail) {
            super(detail);
            this.status = status;
        }
    }

    private final WebClient client;
    private final URI base;
    // amounts stay BigDecimal, as the API wrote them (money is never a double)
    private final ObjectReader json;

    public ConsoleApi(
            Vertx vertx, ObjectMapper mapper, @ConfigProperty(name = "watchkeeper.console.api-url") URI base) {
        this.base = base;
        this.json = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setDefaultHost(base.getHost())
                        .setDefaultPort(base.getPort() > 0 ? base.getPort() : 80)
                        .setSsl("https".equals(base.getScheme()))
                        .setConnectTimeout(5_000)
                        .setIdleTimeout(30)
                        .setKeepAlive(true)
                        .setMaxPoolSize(32));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Calls made as the person behind {@code identity}. */
    public Caller as(SecurityIdentity identity) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw new Refused(401, "signed in without an access token");
        }
        return new Caller(token.getToken());
    }

    /** One person's calls. {@code query} is name/value pairs; a null or blank value leaves its name out. */
    public final class Caller {

        private final String token;

        private Caller(String token) {
            this.token = token;
        }

        public Uni<JsonObject> get(String path, String... query) {
            return send(request(io.vertx.core.http.HttpMethod.GET, path, query), null)
                    .map(this::object);
        }

        /** Page {@code page} (from 0; less counts as 0) of a list, {@link Paging#SIZE} items, filtered by {@code query}. */
        public Uni<JsonObject> page(String path, int page, String... query) {
            String[] paged = java.util.Arrays.copyOf(query, query.length + 4);
            paged[query.length] = "page";
            paged[query.length + 1] = String.valueOf(Math.max(0, page));
            paged[query.length + 2] = "size";
            paged[query.length + 3] = String.valueOf(Paging.SIZE);
            return get(path, paged);
        }

        /** For the few endpoints that answer a JSON array rather than a page. */
        public Uni<JsonArray> getArray(String path, String... query) {
            return send(request(io.vertx.core.http.HttpMethod.GET, path, query), null)
                    .map(body ->
                            new JsonArray(body == null || body.length() == 0 ? List.of() : read(body, List.class)));
        }

        /** POSTs {@code body} (null: an empty request); the answer's JSON, or an empty object for 204. */
        public Uni<JsonObject> post(String path, JsonObject body) {
            return post(path, body, null);
        }

        /** As {@link #post(String, JsonObject)}; the same {@code idempotencyKey} again answers the first result. */
        public Uni<JsonObject> post(String path, JsonObject body, String idempotencyKey) {
            HttpRequest<Buffer> request = request(io.vertx.core.http.HttpMethod.POST, path);
            if (idempotencyKey != null) {
                request.putHeader("Idempotency-Key", idempotencyKey);
            }
            return send(request, body == null ? new JsonObject() : body).map(this::object);
        }

        private HttpRequest<Buffer> request(io.vertx.core.http.HttpMethod method, String path, String... query) {
            HttpRequest<Buffer> request = client.request(method, base.getPath().replaceAll("/$", "") + path)
                    .bearerTokenAuthentication(token)
                    .putHeader("Accept", "application/json");
            for (int i = 0; i + 1 < query.length; i += 2) {
                if (query[i + 1] != null && !query[i + 1].isBlank()) {
                    request.addQueryParam(query[i], query[i + 1]);
                }
            }
            return request;
        }

        private static Uni<Buffer> send(HttpRequest<Buffer> request, JsonObject body) {
            Uni<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
            return sent.map(response -> {
                if (response.statusCode() >= 300) {
                    throw new Refused(response.statusCode(), detail(response));
                }
                return response.body();
            });
        }

        private static String detail(HttpResponse<Buffer> response) {
            try {
                JsonObject problem = response.bodyAsJsonObject();
                String detail = problem == null ? null : problem.getString("detail", problem.getString("title"));
                return detail != null ? detail : response.statusMessage();
            } catch (RuntimeException notJson) {
                return response.statusMessage();
            }
        }

        /** The answer as an object; an answer that is an array comes as {@code {"items": [...]}}. */
        private JsonObject object(Buffer body) {
            if (body == null || body.length() == 0) {
                return new JsonObject();
            }
            Object answer = read(body, Object.class);
            return answer instanceof List<?> items
                    ? new JsonObject().put("items", new JsonArray(items))
                    : new JsonObject(this.<Map<String, Object>>cast(answer));
        }

        @SuppressWarnings("unchecked")
        private <T> T cast(Object value) {
            return (T) value;
        }

        @SuppressWarnings("unchecked")
        private <T> T read(Buffer body, Class<?> type) {
            try {
                return (T) json.readValue(body.getBytes(), type);
            } catch (IOException e) {
                throw new UncheckedIOException("the API answered something that is not JSON", e);
            }
        }
    }
}
