package io.watchkeeper.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The Volcengine IAM OpenAPI as EXTERNAL-APIS.md §5 describes it, with state: users, their access keys (at most two,
 * {@code AccessKeyLimitExceeded} beyond), console logins and policies; a user is deleted only once it has none of
 * them ({@code DeleteConflict}). Every request's signature is checked with the
 * shared {@link VolcengineSigner} ({@code SignatureDoesNotMatch} / {@code InvalidAccessKey} otherwise) and every call
 * is counted, so a test can prove a change was made exactly once. Faults on demand: the next calls of an action fail
 * with a code, the whole cloud is down (503), or an action's answer is held after its change is made (a client killed
 * while waiting for it).
 */
public final class VolcengineIamStub implements AutoCloseable {

    public static final Set<String> SYSTEM_POLICIES = Set.of("ArkFullAccess", "TOSFullAccess", "IAMReadOnlyAccess",
            "BillingCenterReadOnlyAccess");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter X_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** A received call: its action and query parameters. */
    public record Call(String action, Map<String, String> params) {
    }

    /** A user as the cloud holds it. {@code loginAllowed} null: no login profile. */
    public static final class User {
        public final String id;
        public final String userName;
        public final String displayName;
        public volatile Boolean loginAllowed;
        public final Map<String, String> keys = Collections.synchronizedMap(new LinkedHashMap<>());
        public final Set<String> policies = Collections.synchronizedSet(new LinkedHashSet<>());

        User(String id, String userName, String displayName, Boolean loginAllowed) {
            this.id = id;
            this.userName = userName;
            this.displayName = displayName;
            this.loginAllowed = loginAllowed;
        }
    }

    private record Fault(int status, String code, int remaining) {
    }

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, User> users = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, Duration> holds = new ConcurrentHashMap<>();
    private final Set<String> refusedNames = ConcurrentHashMap.newKeySet();
    private volatile boolean down;
    private long nextId = 1_000_000;

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
    public synchronized User addUser(String userName, Boolean loginAllowed, int keys) {
        User user = new User(String.valueOf(nextId++), userName, userName, loginAllowed);
        for (int i = 0; i < keys; i++) {
            user.keys.put(newKeyId(), "active");
        }
        users.put(userName, user);
        return user;
    }

    /** The user is deleted in the cloud behind the service's back (the console, another tool). */
    public void removeUser(String userName) {
        users.remove(userName);
    }

    public User user(String userName) {
        return users.get(userName);
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
        refusedNames.add(userName);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public long calls(String action) {
        return calls.stream().filter(c -> c.action().equals(action)).count();
    }

    public long calls(String action, Predicate<Map<String, String>> params) {
        return calls.stream().filter(c -> c.action().equals(action) && params.test(c.params())).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String action = query.getOrDefault("Action", "");
        byte[] body = exchange.getRequestBody().readAllBytes();
        ObjectNode answer;
        int status = 200;
        try {
            if (down) {
                throw new Refusal(503, "ServiceUnavailable", "the service is temporarily unavailable");
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
                throw new Refusal(fault.status(), fault.code(), "injected");
            }
            answer = envelope(action, region);
            answer.set("Result", act(action, query));
            Duration hold = holds.get(action);
            if (hold != null) {
                sleep(hold);
            }
        } catch (Refusal r) {
            status = r.status;
            answer = envelope(action, "cn-beijing");
            ObjectNode error = ((ObjectNode) answer.get("ResponseMetadata")).putObject("Error");
            error.put("Code", r.code).put("Message", r.getMessage());
        }
        byte[] out = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static final class Refusal extends RuntimeException {
        final int status;
        final String code;

        Refusal(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    /** Checks the request's signature exactly as the cloud would; the region it was signed for. */
    private String verify(HttpExchange exchange, Map<String, String> query, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String xDate = exchange.getRequestHeaders().getFirst("X-Date");
        if (authorization == null || xDate == null) {
            throw new Refusal(401, "MissingAuthenticationToken", "no Authorization header");
        }
        String credential = authorization.replaceAll(".*Credential=([^,]+),.*", "$1");
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[3].equals("iam")) {
            throw new Refusal(401, "SignatureDoesNotMatch", "bad credential scope " + credential);
        }
        String secret = secrets.get(scope[0]);
        if (secret == null) {
            throw new Refusal(401, "InvalidAccessKey", "unknown access key");
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Host", exchange.getRequestHeaders().getFirst("Host"));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        String expected = VolcengineSigner.sign(exchange.getRequestMethod(), query, headers, body, scope[0], secret, scope[2],
                "iam", LocalDateTime.parse(xDate, X_DATE).toInstant(ZoneOffset.UTC)).get("Authorization");
        if (!expected.equals(authorization)) {
            throw new Refusal(401, "SignatureDoesNotMatch", "the request signature does not match");
        }
        return scope[2];
    }

    private synchronized ObjectNode act(String action, Map<String, String> q) {
        ObjectNode result = JSON.createObjectNode();
        switch (action) {
            case "ListUsers" -> {
                int limit = Integer.parseInt(q.getOrDefault("Limit", "10"));
                int offset = Integer.parseInt(q.getOrDefault("Offset", "0"));
                List<User> all = new ArrayList<>(users.values());
                ArrayNode list = result.putArray("UserMetadata");
                all.stream().skip(offset).limit(limit).forEach(u -> list.addObject().put("Id", Long.parseLong(u.id))
                        .put("UserName", u.userName).put("DisplayName", u.displayName).put("Trn", "trn:iam::2100000000:user/" + u.userName));
                result.put("Total", all.size()).put("Limit", limit).put("Offset", offset);
            }
            case "CreateUser" -> {
                String name = require(q, "UserName");
                if (refusedNames.contains(name)) {
                    throw new Refusal(400, "InvalidParameter.UserName", "UserName " + name + " is not allowed");
                }
                if (users.containsKey(name)) {
                    throw new Refusal(409, "UserAlreadyExists", "user " + name + " already exists");
                }
                User user = new User(String.valueOf(nextId++), name, q.getOrDefault("DisplayName", name), null);
                users.put(name, user);
                result.putObject("User").put("Id", Long.parseLong(user.id)).put("AccountId", 2100000000L)
                        .put("UserName", name).put("DisplayName", user.displayName).put("Trn", "trn:iam::2100000000:user/" + name)
                        .put("CreateDate", "20261205T000000Z");
            }
            case "CreateAccessKey" -> {
                User user = existing(q);
                if (user.keys.size() >= 2) {
                    throw new Refusal(409, "AccessKeyLimitExceeded", "a user has at most 2 access keys");
                }
                String id = newKeyId();
                user.keys.put(id, "active");
                result.putObject("AccessKey").put("AccessKeyId", id)
                        .put("SecretAccessKey", UUID.randomUUID().toString().replace("-", "") + "Sk")
                        .put("Status", "active").put("UserName", user.userName).put("CreateDate", "20261205T000000Z");
            }
            case "ListAccessKeys" -> {
                User user = existing(q);
                ArrayNode list = result.putArray("AccessKeyMetadata");
                new LinkedHashMap<>(user.keys).forEach((id, status) -> list.addObject().put("AccessKeyId", id)
                        .put("Status", status).put("UserName", user.userName).put("CreateDate", "20261205T000000Z"));
            }
            case "UpdateAccessKey" -> {
                User user = existing(q);
                String id = require(q, "AccessKeyId");
                String status = require(q, "Status");
                if (!user.keys.containsKey(id)) {
                    throw new Refusal(404, "AccessKeyNotExist", "access key " + id + " does not exist");
                }
                if (!status.equals("active") && !status.equals("inactive")) {
                    throw new Refusal(400, "InvalidParameter", "Status must be active or inactive");
                }
                user.keys.put(id, status);
            }
            case "GetLoginProfile" -> {
                User user = existing(q);
                if (user.loginAllowed == null) {
                    throw new Refusal(404, "LoginProfileNotExist", "user has no login profile");
                }
                result.putObject("LoginProfile").put("UserName", user.userName).put("LoginAllowed", user.loginAllowed)
                        .put("PasswordResetRequired", false);
            }
            case "UpdateLoginProfile" -> {
                User user = existing(q);
                if (user.loginAllowed == null) {
                    throw new Refusal(404, "LoginProfileNotExist", "user has no login profile");
                }
                user.loginAllowed = Boolean.parseBoolean(require(q, "LoginAllowed"));
            }
            case "AttachUserPolicy", "DetachUserPolicy" -> {
                User user = existing(q);
                String policy = require(q, "PolicyName");
                if (!SYSTEM_POLICIES.contains(policy)) {
                    throw new Refusal(404, "PolicyNotExist", "policy " + policy + " does not exist");
                }
                if (action.startsWith("Attach")) {
                    user.policies.add(policy);
                } else if (!user.policies.remove(policy)) {
                    throw new Refusal(404, "PolicyNotAttached", "policy " + policy + " is not attached");
                }
            }
            case "ListAttachedUserPolicies" -> {
                User user = existing(q);
                ArrayNode list = result.putArray("AttachedPolicyMetadata");
                new ArrayList<>(user.policies).forEach(p -> list.addObject().put("PolicyName", p).put("PolicyType", "System")
                        .put("PolicyTrn", "trn:iam::policy/" + p).put("AttachDate", "20261205T000000Z"));
            }
            case "DeleteAccessKey" -> {
                User user = existing(q);
                if (user.keys.remove(require(q, "AccessKeyId")) == null) {
                    throw new Refusal(404, "AccessKeyNotExist", "access key " + q.get("AccessKeyId") + " does not exist");
                }
            }
            case "DeleteLoginProfile" -> {
                User user = existing(q);
                if (user.loginAllowed == null) {
                    throw new Refusal(404, "LoginProfileNotExist", "user has no login profile");
                }
                user.loginAllowed = null;
            }
            case "DeleteUser" -> {
                User user = existing(q);
                if (!user.keys.isEmpty() || !user.policies.isEmpty() || user.loginAllowed != null) {
                    throw new Refusal(409, "DeleteConflict", "the user still has access keys, policies or a login profile");
                }
                users.remove(user.userName);
            }
            case "ListProjects" -> {
                ArrayNode list = result.putArray("Projects");
                list.addObject().put("ProjectName", "default").put("DisplayName", "默认项目").put("Status", "active");
                list.addObject().put("ProjectName", "airgate").put("DisplayName", "AirGate").put("Status", "active");
                result.put("Total", 2).put("Limit", 100).put("Offset", 0);
            }
            default -> throw new Refusal(404, "InvalidActionOrVersion", "unknown action " + action);
        }
        return result;
    }

    private User existing(Map<String, String> q) {
        User user = users.get(require(q, "UserName"));
        if (user == null) {
            throw new Refusal(404, "UserNotExist", "user " + q.get("UserName") + " does not exist");
        }
        return user;
    }

    private static String require(Map<String, String> q, String name) {
        String value = q.get(name);
        if (value == null || value.isEmpty()) {
            throw new Refusal(400, "MissingParameter", name + " is required");
        }
        return value;
    }

    private synchronized String newKeyId() {
        return "AKLT" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static ObjectNode envelope(String action, String region) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("ResponseMetadata").put("RequestId", UUID.randomUUID().toString()).put("Action", action)
                .put("Version", "2018-01-01").put("Service", "iam").put("Region", region);
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
