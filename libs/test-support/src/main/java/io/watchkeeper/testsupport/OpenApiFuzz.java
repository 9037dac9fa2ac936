package io.watchkeeper.testsupport;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Malformed requests for every operation of a service's OpenAPI document, sent as an admin: wrong types, missing
 * fields, unknown enum values, 1 MB strings, deep nesting, invalid JSON, control characters, numbers no computation
 * survives, bad path ids and query parameters, wrong content types, an over-long URI and a body over the limit; and
 * every secured operation without a valid token. The rule every answer must keep: never 5xx, and every 4xx is
 * {@code application/problem+json} with its status and title. Nothing is hand-listed: an endpoint added tomorrow is
 * fuzzed too.
 */
public final class OpenApiFuzz {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MEGABYTE = "x".repeat(1024 * 1024);
    private static final List<String> BAD_IDS = List.of(
            "not-an-id",
            "%00",
            "x".repeat(300),
            "-1",
            "00000000-0000-0000-0000-000000000000",
            "%E2%80%AE%F0%9F%92%A9",
            "..%2F..%2Fetc%2Fpasswd");
    private static final List<String> BAD_QUERY_VALUES = List.of(
            "%00",
            "abc",
            "-1",
            "99999999999999999999999",
            "1e999999999",
            "NOPE",
            "yesterday",
            "%27%3B%20DROP%20TABLE%20x%3B--",
            "%FF%FE",
            "x".repeat(3000));

    /** An answer that breaks the rule, and the request that got it. */
    public record Finding(String request, int status, String contentType, String body) {
        @Override
        public String toString() {
            return request + " -> " + status + " " + contentType + " "
                    + body.substring(0, Math.min(200, body.length()));
        }
    }

    private final String token;
    private final JsonNode api;
    private final List<Finding> findings = new ArrayList<>();
    private int sent;
    private int secured;

    private OpenApiFuzz(String token) {
        this.token = token;
        this.api = read(given().accept("application/json")
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    /** Fuzzes the service RestAssured points at with {@code token} (an admin's); returns what broke the rule. */
    public static List<Finding> run(String token) {
        OpenApiFuzz fuzz = new OpenApiFuzz(token);
        fuzz.everyOperation();
        fuzz.theHttpLayer();
        System.out.printf(
                "OpenAPI fuzz: %d requests, %d secured operations, %d findings%n",
                fuzz.sent, fuzz.secured, fuzz.findings.size());
        return fuzz.findings;
    }

    private void everyOperation() {
        Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
            while (operations.hasNext()) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toUpperCase();
                if (List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    operation(method, path.getKey(), operation.getValue());
                }
            }
        }
    }

    private void operation(String method, String template, JsonNode operation) {
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        Map<String, String> ids = new LinkedHashMap<>();
        parameters.stream()
                .filter(p -> "path".equals(p.path("in").asText()))
                .forEach(p -> ids.put(p.path("name").asText(), "00000000-0000-0000-0000-000000000000"));
        JsonNode body = bodySchema(operation);
        String base = fill(template, ids);
        if (operation.path("security").size() > 0) {
            withoutValidToken(method, base, body == null ? null : example(body).toString());
        }
        // bad path ids
        for (String name : ids.keySet()) {
            for (String bad : BAD_IDS) {
                Map<String, String> withBad = new LinkedHashMap<>(ids);
                withBad.put(name, bad);
                send(
                        method,
                        fill(template, withBad),
                        body == null ? null : example(body).toString(),
                        "application/json");
            }
        }
        // bad query parameters, one at a time
        for (JsonNode p : parameters) {
            if ("query".equals(p.path("in").asText())) {
                for (String bad : BAD_QUERY_VALUES) {
                    send(
                            method,
                            base + "?" + p.path("name").asText() + "=" + bad,
                            body == null ? null : example(body).toString(),
                            "application/json");
                }
            }
        }
        if (body == null) {
            return;
        }
        List<String> bodies = new ArrayList<>(List.of(
                "{",
                "",
                "[]",
                "null",
                "42",
                "\"text\"",
                "{}",
                "[".repeat(10_000) + "]".repeat(10_000),
                "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)));
        ObjectNode valid = example(body);
        valid.fieldNames().forEachRemaining(field -> {
            for (JsonNode wrong : List.of(
                    NODES.textNode(MEGABYTE),
                    NODES.numberNode(new java.math.BigDecimal("1e999999999")),
                    NODES.textNode("a\u0000b\u0007"),
                    NODES.booleanNode(true),
                    NODES.arrayNode().add(1),
                    NODES.objectNode().put("x", 1),
                    NODES.nullNode(),
                    NODES.textNode("NOPE"),
                    NODES.numberNode(-1))) {
                ObjectNode mutated = valid.deepCopy();
                mutated.set(field, wrong);
                bodies.add(mutated.toString());
            }
            ObjectNode missing = valid.deepCopy();
            missing.remove(field);
            bodies.add(missing.toString());
        });
        for (String b : bodies) {
            send(method, base, b, "application/json");
        }
        send(method, base, valid.toString(), "text/plain");
        send(method, base, "<a/>", "application/xml");
        send(method, base, "{\"x\":\"" + "y".repeat(3 * 1024 * 1024) + "\"}", "application/json");
    }

    /**
     * A secured operation called with no token, a malformed one or one from another issuer: 401 with the Bearer
     * challenge; with a valid token holding no role: anything but 401 (403 where a role is required).
     */
    private void withoutValidToken(String method, String uri, String body) {
        secured++;
        List<String> invalid = new ArrayList<>();
        invalid.add(null);
        invalid.add("Bearer not-a-jwt");
        invalid.add(
                "Bearer " + TestTokens.token("https://elsewhere.example/realms/watchkeeper", "mallory", null, "admin"));
        for (String auth : invalid) {
            Response response = send(auth, method, uri, body, "application/json");
            if (response != null
                    && (response.statusCode() != 401
                            || !String.valueOf(response.header("WWW-Authenticate"))
                                    .startsWith("Bearer"))) {
                findings.add(new Finding(
                        method + " " + shorten(uri) + " as " + (auth == null ? "nobody" : shorten(auth)),
                        response.statusCode(),
                        String.valueOf(response.contentType()),
                        "not a 401 with the Bearer challenge: " + response.asString()));
            }
        }
        Response roleless = send(TestTokens.bearer("nobody"), method, uri, body, "application/json");
        if (roleless != null && roleless.statusCode() == 401) {
            findings.add(new Finding(
                    method + " " + shorten(uri) + " with a valid token and no role",
                    401,
                    String.valueOf(roleless.contentType()),
                    "a valid token answered as missing: " + roleless.asString()));
        }
    }

    private void theHttpLayer() {
        send("GET", "/api/v1/no-such-resource", null, null);
        send("GET", "/api/v1/" + "x".repeat(10_000), null, null);
        send("GET", "/no/such/page?x=%00", null, null);
        send("PATCH", "/q/health", null, null);
    }

    private void send(String method, String uri, String body, String contentType) {
        send(token, method, uri, body, contentType);
    }

    /** Sends one request, records it if it breaks the rule; null when it got no answer. */
    private Response send(String auth, String method, String uri, String body, String contentType) {
        sent++;
        RequestSpecification request = given().config(RestAssuredConfig.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .urlEncodingEnabled(false);
        if (auth != null) {
            request = request.header("Authorization", auth);
        }
        if (body != null) {
            request = request.contentType(contentType == null ? "application/json" : contentType)
                    .body(body);
        }
        Response response;
        try {
            response = request.request(method, uri);
        } catch (RuntimeException e) {
            findings.add(new Finding(method + " " + shorten(uri) + body(body), -1, "", e.toString()));
            return null;
        }
        int status = response.statusCode();
        String type = response.contentType() == null ? "" : response.contentType();
        String text = response.asString();
        boolean problem = type.startsWith("application/problem+json")
                && text.contains("\"status\":" + status)
                && text.contains("\"title\"");
        if (status >= 500 || (status >= 400 && !problem)) {
            findings.add(new Finding(method + " " + shorten(uri) + body(body), status, type, text));
        }
        return response;
    }

    private static String body(String body) {
        return body == null ? "" : " with " + shorten(body);
    }

    private static String shorten(String s) {
        return s.length() <= 120 ? s : s.substring(0, 100) + "…(" + s.length() + " chars)";
    }

    private static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    private JsonNode bodySchema(JsonNode operation) {
        JsonNode schema = operation
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema");
        return schema.isMissingNode() ? null : resolve(schema);
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String[] parts = ref.asText().replace("#/", "").split("/");
        JsonNode node = api;
        for (String part : parts) {
            node = node.path(part);
        }
        return resolve(node);
    }

    /** A plausible body: every property present with a value of its type (the first enum value, if any). */
    private ObjectNode example(JsonNode schema) {
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> properties =
                resolve(schema).path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> p = properties.next();
            JsonNode s = resolve(p.getValue());
            if (s.has("enum")) {
                out.set(p.getKey(), s.get("enum").get(0));
                continue;
            }
            switch (s.path("type").asText()) {
                case "integer", "number" -> out.put(p.getKey(), 1);
                case "boolean" -> out.put(p.getKey(), true);
                case "array" -> out.set(p.getKey(), NODES.arrayNode());
                case "object" -> out.set(p.getKey(), NODES.objectNode());
                default -> out.put(p.getKey(), "x");
            }
        }
        return out;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
