package io.watchkeeper.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.watchkeeper.platform.cloud.VolcengineSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Volcengine IAM OpenAPI as EXTERNAL-APIS.md §5 describes it, over HTTP, its state kept by a
 * {@link VolcengineIamState}. Every request's signature is checked with the
 * shared {@link VolcengineSigner} ({@code SignatureDoesNotMatch} / {@code InvalidAccessKey} otherwise) and every call
 * is counted, so a test can prove a change was made exactly once. Faults on demand: the next calls of an action fail
 * with a code, the whole cloud is down (503), or an action's answer is held after its change is made (a client killed
 * while waiting for it).
 */
public final class VolcengineIamStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter X_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** A received call: its action and query parameters. */
    public record Call(String action, Map<String, String> params) {}

    private record Fault(int status, String code, int remaining) {}

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, Duration> holds = new ConcurrentHashMap<>();
    private final VolcengineIamState state = new VolcengineIamState();
    private final ScheduledExecutorService late = Executors.newSingleThreadScheduledExecutor();
    private volatile boolean down;

    public VolcengineIamStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A main account's keys the cloud accepts. */
    public VolcengineIamStub account(String accessKeyId, String secretAccessKey) {
        secrets.put(accessKeyId, secretAccessKey);
        return this;
    }

    /** A user that exists in the cloud already, with {@code keys} active access keys. */
    public VolcengineIamState.User addUser(String userName, Boolean loginAllowed, int keys) {
        return state.addUser(userName, loginAllowed, keys);
    }

    /** The user is deleted in the cloud behind the service's back (the console, another tool). */
    public void removeUser(String userName) {
        state.removeUser(userName);
    }

    public VolcengineIamState.User user(String userName) {
        return state.user(userName);
    }

    /** The next {@code times} calls of {@code action} fail with HTTP {@code status} and error {@code code} (0: none). */
    public VolcengineIamStub failNext(String action, int times, int status, String code) {
        if (times <= 0) {
            faults.remove(action);
            return this;
        }
        faults.put(action, new Fault(status, code, times));
        return this;
    }

    /** Every call answers 503 ServiceUnavailable (true) or is served again (false). */
    public VolcengineIamStub down(boolean isDown) {
        down = isDown;
        return this;
    }

    /** Calls of {@code action} make their change, then wait {@code hold} before answering. */
    public VolcengineIamStub hold(String action, Duration hold) {
        if (hold == null) {
            holds.remove(action);
        } else {
            holds.put(action, hold);
        }
        return this;
    }

    /** {@code CreateUser} refuses this name ({@code InvalidParameter.UserName}). */
    public VolcengineIamStub refuseName(String userName) {
        state.refuseName(userName);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public long calls(String action) {
        return calls.stream().filter(c -> c.action().equals(action)).count();
    }

    public long calls(String action, Predicate<Map<String, String>> params) {
        return calls.stream()
                .filter(c -> c.action().equals(action) && params.test(c.params()))
                .count();
    }

    @Override
    public void close() {
        server.stop(0);
        late.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String action = query.getOrDefault("Action", "");
        byte[] body = exchange.getRequestBody().readAllBytes();
        ObjectNode answer;
        int status = 200;
        try {
            if (down) {
                throw new VolcengineIamState.Refusal(
                        503, "ServiceUnavailable", "the service is temporarily unavailable");
            }
            String region = verify(exchange, query, body);
            calls.add(new Call(action, Map.copyOf(query)));
            Fault fault = faults.get(action);
            if (fault != null) {
                if (fault.remaining() <= 1) {
                    faults.remove(action);
                } else {
                    faults.put(action, new Fault(fault.status(), fault.code(), fault.remaining() - 1));
                }
                throw new VolcengineIamState.Refusal(fault.status(), fault.code(), "injected");
            }
            answer = envelope(action, region);
            answer.set("Result", state.act(action, query));
        } catch (VolcengineIamState.Refusal r) {
            status = r.status;
            answer = envelope(action, "cn-beijing");
            ObjectNode error = ((ObjectNode) answer.get("ResponseMetadata")).putObject("Error");
            error.put("Code", r.code).put("Message", r.getMessage());
        }
        byte[] out = JSON.writeValueAsBytes(answer);
        int answered = status;
        Duration hold = status == 200 ? holds.get(action) : null;
        if (hold == null) {
            respond(exchange, answered, out);
        } else {
            late.schedule(() -> respond(exchange, answered, out), hold.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] out) {
        try {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
        } catch (IOException gone) {
            // the client went away while its answer was held (a killed service): nothing to answer
        } finally {
            exchange.close();
        }
    }

    /** Checks the request's signature exactly as the cloud would; the region it was signed for. */
    private String verify(HttpExchange exchange, Map<String, String> query, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String xDate = exchange.getRequestHeaders().getFirst("X-Date");
        if (authorization == null || xDate == null) {
            throw new VolcengineIamState.Refusal(401, "MissingAuthenticationToken", "no Authorization header");
        }
        String credential = authorization.replaceAll(".*Credential=([^,]+),.*", "$1");
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[3].equals("iam")) {
            throw new VolcengineIamState.Refusal(401, "SignatureDoesNotMatch", "bad credential scope " + credential);
        }
        String secret = secrets.get(scope[0]);
        if (secret == null) {
            throw new VolcengineIamState.Refusal(401, "InvalidAccessKey", "unknown access key");
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Host", exchange.getRequestHeaders().getFirst("Host"));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        String expected = VolcengineSigner.sign(
                        exchange.getRequestMethod(),
                        query,
                        headers,
                        body,
                        scope[0],
                        secret,
                        scope[2],
                        "iam",
                        LocalDateTime.parse(xDate, X_DATE).toInstant(ZoneOffset.UTC))
                .get("Authorization");
        if (!expected.equals(authorization)) {
            throw new VolcengineIamState.Refusal(401, "SignatureDoesNotMatch", "the request signature does not match");
        }
        return scope[2];
    }

    private static ObjectNode envelope(String action, String region) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("ResponseMetadata")
                .put("RequestId", UUID.randomUUID().toString())
                .put("Action", action)
                .put("Version", "2018-01-01")
                .put("Service", "iam")
                .put("Region", region);
        return root;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }
}
