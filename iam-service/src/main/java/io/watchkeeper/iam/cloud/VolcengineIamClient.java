package io.watchkeeper.iam.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.watchkeeper.platform.cloud.VolcengineSigner;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Volcengine IAM OpenAPI (EXTERNAL-APIS.md §5): signed GET calls (service {@code iam}), the envelope's error
 * turned into a {@link CloudError}, every call through the account's {@link CloudGuard}. Users and keys use Version
 * 2018-01-01; {@code ListProjects} 2021-08-01.
 */
@ApplicationScoped
public class VolcengineIamClient {

    static final String VERSION = "2018-01-01";
    static final String PROJECT_VERSION = "2021-08-01";
    static final int PAGE = 100;

    private final WebClient http;
    private final CloudGuard guard;
    private final URI base;
    private final long timeoutMs;
    private final ObjectMapper json = new ObjectMapper();

    public VolcengineIamClient(
            Vertx vertx,
            CloudGuard guard,
            @ConfigProperty(name = "watchkeeper.iam.volcengine-url", defaultValue = "https://iam.volcengineapi.com")
                    URI base,
            @ConfigProperty(name = "watchkeeper.iam.cloud.timeout", defaultValue = "10s") Duration timeout) {
        this.http = WebClient.create(vertx);
        this.guard = guard;
        this.base = base;
        this.timeoutMs = timeout.toMillis();
    }

    @PreDestroy
    void close() {
        http.close();
    }

    public Uni<CloudIam.Page<CloudIam.User>> listUsers(String account, Credentials keys, int offset) {
        return call(
                        account,
                        keys,
                        VERSION,
                        "ListUsers",
                        Map.of("Limit", String.valueOf(PAGE), "Offset", String.valueOf(offset)))
                .map(result -> {
                    List<CloudIam.User> users = new ArrayList<>();
                    result.path("UserMetadata").forEach(u -> users.add(user(u)));
                    return new CloudIam.Page<>(users, result.path("Total").asInt(users.size()));
                });
    }

    public Uni<CloudIam.User> createUser(String account, Credentials keys, String userName, String displayName) {
        Map<String, String> query = new HashMap<>(Map.of("UserName", userName));
        if (displayName != null) {
            query.put("DisplayName", displayName);
        }
        return call(account, keys, VERSION, "CreateUser", query).map(result -> user(result.path("User")));
    }

    public Uni<CloudIam.NewAccessKey> createAccessKey(String account, Credentials keys, String userName) {
        return call(account, keys, VERSION, "CreateAccessKey", Map.of("UserName", userName))
                .map(result -> {
                    JsonNode key = result.path("AccessKey");
                    return new CloudIam.NewAccessKey(
                            key.path("AccessKeyId").asText(),
                            key.path("SecretAccessKey").asText());
                });
    }

    public Uni<List<CloudIam.AccessKey>> listAccessKeys(String account, Credentials keys, String userName) {
        return call(account, keys, VERSION, "ListAccessKeys", Map.of("UserName", userName))
                .map(result -> {
                    List<CloudIam.AccessKey> found = new ArrayList<>();
                    result.path("AccessKeyMetadata")
                            .forEach(k -> found.add(new CloudIam.AccessKey(
                                    k.path("AccessKeyId").asText(),
                                    k.path("Status").asText())));
                    return found;
                });
    }

    public Uni<Void> updateAccessKey(
            String account, Credentials keys, String userName, String accessKeyId, boolean active) {
        return call(
                        account,
                        keys,
                        VERSION,
                        "UpdateAccessKey",
                        Map.of(
                                "UserName",
                                userName,
                                "AccessKeyId",
                                accessKeyId,
                                "Status",
                                active ? "active" : "inactive"))
                .replaceWithVoid();
    }

    /** Whether the user may log in to the console; null when the user has no login profile. */
    public Uni<Boolean> loginAllowed(String account, Credentials keys, String userName) {
        return call(account, keys, VERSION, "GetLoginProfile", Map.of("UserName", userName))
                .map(result -> result.path("LoginProfile").path("LoginAllowed").asBoolean(false))
                .onFailure(e -> e instanceof CloudError c && c.code().equals("LoginProfileNotExist"))
                .recoverWithNull();
    }

    public Uni<Void> updateLoginProfile(String account, Credentials keys, String userName, boolean allowed) {
        return call(
                        account,
                        keys,
                        VERSION,
                        "UpdateLoginProfile",
                        Map.of("UserName", userName, "LoginAllowed", String.valueOf(allowed)))
                .replaceWithVoid();
    }

    public Uni<Void> attachUserPolicy(String account, Credentials keys, String userName, String policy, String type) {
        return call(
                        account,
                        keys,
                        VERSION,
                        "AttachUserPolicy",
                        Map.of("UserName", userName, "PolicyName", policy, "PolicyType", type))
                .replaceWithVoid();
    }

    public Uni<Void> detachUserPolicy(String account, Credentials keys, String userName, String policy, String type) {
        return call(
                        account,
                        keys,
                        VERSION,
                        "DetachUserPolicy",
                        Map.of("UserName", userName, "PolicyName", policy, "PolicyType", type))
                .replaceWithVoid();
    }

    /** The policies attached to a user, as (name, type: System or Custom). */
    public Uni<List<Map.Entry<String, String>>> attachedPolicies(String account, Credentials keys, String userName) {
        return call(account, keys, VERSION, "ListAttachedUserPolicies", Map.of("UserName", userName))
                .map(result -> {
                    List<Map.Entry<String, String>> policies = new ArrayList<>();
                    result.path("AttachedPolicyMetadata")
                            .forEach(p -> policies.add(Map.entry(
                                    p.path("PolicyName").asText(),
                                    p.path("PolicyType").asText("System"))));
                    return policies;
                });
    }

    /** Deletes an access key; one that is gone already counts as deleted. */
    public Uni<Void> deleteAccessKey(String account, Credentials keys, String userName, String accessKeyId) {
        return gone(
                call(
                        account,
                        keys,
                        VERSION,
                        "DeleteAccessKey",
                        Map.of("UserName", userName, "AccessKeyId", accessKeyId)),
                "AccessKeyNotExist");
    }

    public Uni<Void> deleteLoginProfile(String account, Credentials keys, String userName) {
        return gone(
                call(account, keys, VERSION, "DeleteLoginProfile", Map.of("UserName", userName)),
                "LoginProfileNotExist");
    }

    /** Deletes a user that has no keys, policies or login left; one that is gone already counts as deleted. */
    public Uni<Void> deleteUser(String account, Credentials keys, String userName) {
        return gone(call(account, keys, VERSION, "DeleteUser", Map.of("UserName", userName)), "UserNotExist");
    }

    private static Uni<Void> gone(Uni<JsonNode> call, String notThere) {
        return call.replaceWithVoid()
                .onFailure(e -> e instanceof CloudError c && c.code().equals(notThere))
                .recoverWithNull();
    }

    public Uni<CloudIam.Page<CloudIam.Project>> listProjects(String account, Credentials keys, int offset) {
        return call(
                        account,
                        keys,
                        PROJECT_VERSION,
                        "ListProjects",
                        Map.of("Limit", String.valueOf(PAGE), "Offset", String.valueOf(offset)))
                .map(result -> {
                    List<CloudIam.Project> projects = new ArrayList<>();
                    result.path("Projects")
                            .forEach(p -> projects.add(new CloudIam.Project(
                                    p.path("ProjectName").asText(),
                                    p.path("DisplayName").asText(null),
                                    p.path("Status").asText(null))));
                    return new CloudIam.Page<>(projects, result.path("Total").asInt(projects.size()));
                });
    }

    private static CloudIam.User user(JsonNode u) {
        String id =
                u.hasNonNull("Id") ? u.get("Id").asText() : u.path("AccountId").asText(null);
        return new CloudIam.User(
                id, u.path("UserName").asText(), u.path("DisplayName").asText(null));
    }

    /** One signed call through the account's guard; the envelope's {@code Result}, or a {@link CloudError}. */
    Uni<JsonNode> call(String account, Credentials keys, String version, String action, Map<String, String> params) {
        return guard.<JsonNode>call(account, () -> send(keys, version, action, params))
                .onFailure()
                .transform(CloudGuard::unavailable);
    }

    private Uni<JsonNode> send(Credentials keys, String version, String action, Map<String, String> params) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("Action", action);
        query.put("Version", version);
        query.putAll(params);
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Host", base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort());
        Map<String, String> signed = VolcengineSigner.sign(
                "GET",
                query,
                headers,
                new byte[0],
                keys.accessKeyId(),
                keys.secretAccessKey(),
                keys.region(),
                "iam",
                Instant.now());
        signed.remove("Host");
        var request = http.getAbs(base + "/?" + VolcengineSigner.canonicalQuery(query))
                .timeout(timeoutMs);
        signed.forEach(request::putHeader);
        return request.send()
                .onFailure(e -> !(e instanceof CloudError))
                .transform(CloudError::unreachable)
                .map(this::result);
    }

    private JsonNode result(HttpResponse<Buffer> response) {
        JsonNode body;
        try {
            String text = response.bodyAsString();
            body = text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            throw new CloudError("HTTP " + response.statusCode(), response.statusCode(), "the answer is not JSON");
        }
        JsonNode error = body.path("ResponseMetadata").path("Error");
        if (error.hasNonNull("Code")) {
            throw new CloudError(
                    error.get("Code").asText(),
                    response.statusCode(),
                    error.path("Message").asText(""));
        }
        if (response.statusCode() / 100 != 2) {
            throw new CloudError(
                    "HTTP " + response.statusCode(),
                    response.statusCode(),
                    "the cloud answered " + response.statusCode());
        }
        return body.path("Result");
    }
}
