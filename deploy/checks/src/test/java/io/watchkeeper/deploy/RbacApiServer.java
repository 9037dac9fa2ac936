package io.watchkeeper.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * fabric8's CRUD API server that authorizes one service account as Kubernetes RBAC does: a request bearing its token
 * is allowed only when a Role bound to the account in the request's namespace grants the verb on the resource; any
 * other token is an administrator. The Roles and RoleBindings are those of the manifests applied.
 */
final class RbacApiServer extends KubernetesCrudDispatcher {

    static final Pattern NAMESPACED =
            Pattern.compile("^/apis?/(?:([^/]+)/)?v[^/]+/namespaces/([^/]+)/([^/]+)(?:/([^/]+))?.*$");

    private final String token;
    private final String account;
    private final String accountNamespace;
    private final List<ObjectNode> manifests;

    RbacApiServer(String token, String account, String accountNamespace, List<ObjectNode> manifests) {
        this.token = token;
        this.account = account;
        this.accountNamespace = accountNamespace;
        this.manifests = manifests;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (("Bearer " + token).equals(request.getHeader("Authorization")) && !allowed(request)) {
            return new MockResponse()
                    .setResponseCode(403)
                    .setBody(
                            """
                    {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,
                     "message":"%s %s is forbidden for system:serviceaccount:%s:%s"}"""
                                    .formatted(request.getMethod(), request.getPath(), accountNamespace, account));
        }
        return super.dispatch(request);
    }

    private boolean allowed(RecordedRequest request) {
        Matcher m = NAMESPACED.matcher(request.getPath().split("\\?")[0]);
        if (!m.matches()) {
            return false; // cluster-scoped: no ClusterRole is bound to the account
        }
        String group = m.group(1) == null ? "" : m.group(1);
        String namespace = m.group(2);
        String resource = m.group(3);
        String verb =
                switch (request.getMethod()) {
                    case "GET" -> m.group(4) == null ? "list" : "get";
                    case "PATCH" -> "patch";
                    case "PUT" -> "update";
                    case "POST" -> "create";
                    case "DELETE" -> "delete";
                    default -> "unknown";
                };
        return Manifests.ofKind(manifests, "RoleBinding").stream()
                .filter(b -> namespace.equals(b.at("/metadata/namespace").asText()) && binds(b))
                .flatMap(b -> Manifests.ofKind(manifests, "Role").stream()
                        .filter(r ->
                                namespace.equals(r.at("/metadata/namespace").asText())
                                        && r.at("/metadata/name")
                                                .asText()
                                                .equals(b.at("/roleRef/name").asText())))
                .flatMap(role -> stream(role.get("rules")))
                .anyMatch(rule -> has(rule.get("apiGroups"), group)
                        && has(rule.get("resources"), resource)
                        && has(rule.get("verbs"), verb));
    }

    private boolean binds(JsonNode binding) {
        return stream(binding.get("subjects"))
                .anyMatch(s -> "ServiceAccount".equals(s.path("kind").asText())
                        && account.equals(s.path("name").asText())
                        && accountNamespace.equals(s.path("namespace").asText()));
    }

    private static boolean has(JsonNode list, String value) {
        return stream(list).anyMatch(v -> v.asText().equals(value) || v.asText().equals("*"));
    }

    private static Stream<JsonNode> stream(JsonNode list) {
        return list == null ? Stream.empty() : StreamSupport.stream(list.spliterator(), false);
    }
}
