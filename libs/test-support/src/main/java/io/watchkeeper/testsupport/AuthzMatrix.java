package io.watchkeeper.testsupport;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may call what, for every operation of a service's OpenAPI document, against the running service:
 *
 * <ul>
 *   <li>no token: 401;</li>
 *   <li>a platform token with each role (viewer, operator, admin): 403 when the operation does not allow the role,
 *       anything but 401 and 403 when it does;</li>
 *   <li>an admin of tenant A on tenant B's objects: 404 for an operation naming one by id (as if it did not exist);
 *       403 for creating or sending in for tenant B, and for listing with {@code ?tenant=B}.</li>
 * </ul>
 *
 * The operations come from the document, the allowed roles from its security requirements ({@code @RolesAllowed}).
 * The service's {@link TenantFixture} makes tenant B's objects and bodies; an operation it does not know, or a list
 * without {@code ?tenant=}, is itself a finding: a new endpoint cannot escape the matrix.
 */
public final class AuthzMatrix {

    public static final String TENANT_A = "matrix-a";
    public static final String TENANT_B = "matrix-b";
    private static final List<String> ROLES = List.of("viewer", "operator", "admin");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a call of an operation looks like for one tenant: its path (ids of that tenant's objects) and body. */
    public record Call(String path, String body) {}

    /**
     * Makes a tenant's objects and requests, per operation. {@link #call} returns null for an operation it does not
     * know (a finding), and a call whose body is null for one that takes none.
     */
    public interface TenantFixture {

        /** The call of {@code method template} acting for {@code tenant}, on that tenant's objects. */
        Call call(String method, String template, String tenant);

        /** Knows no operation: for a service that has no secured operation yet. */
        TenantFixture NONE = (method, template, tenant) -> null;
    }

    /** One expectation that did not hold. */
    public record Finding(String operation, String caller, String expected, int status, String body) {
        @Override
        public String toString() {
            return operation + " as " + caller + ": expected " + expected + ", got " + status + " "
                    + body.substring(0, Math.min(160, body.length()));
        }
    }

    /**
     * The OpenAPI extension of an operation whose answer belongs to no tenant (such as the services' health): it is
     * checked by role only.
     */
    public static final String TENANT_FREE = "x-watchkeeper-tenant-free";

    private record Operation(
            String method,
            String template,
            Set<String> roles,
            boolean hasPathIds,
            boolean listsByTenant,
            boolean tenantFree) {

        String name() {
            return method + " " + template;
        }

        /** Deletions last: they remove tenant B's objects the other operations are checked on. */
        int order() {
            return method.equals("DELETE") ? 1 : 0;
        }
    }

    private final JsonNode api;
    private final TenantFixture fixture;
    private final List<Finding> findings = new ArrayList<>();
    private int checks;

    private AuthzMatrix(TenantFixture fixture) {
        this.fixture = fixture;
        this.api = read(given().accept("application/json")
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    /** Checks the service RestAssured points at; returns every expectation that did not hold. */
    public static List<Finding> run(TenantFixture fixture) {
        AuthzMatrix matrix = new AuthzMatrix(fixture);
        List<Operation> operations = matrix.securedOperations();
        operations.forEach(matrix::acrossTenants);
        operations.forEach(matrix::byRole);
        System.out.printf(
                "authorization matrix: %d secured operations, %d checks, %d findings%n",
                operations.size(), matrix.checks, matrix.findings.size());
        return matrix.findings;
    }

    private List<Operation> securedOperations() {
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(op -> {
                String method = op.getKey().toUpperCase();
                JsonNode security = op.getValue().path("security");
                if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method) || security.isEmpty()) {
                    return; // public: nothing to authorise
                }
                Set<String> roles = new TreeSet<>();
                security.forEach(
                        requirement -> requirement.forEach(scopes -> scopes.forEach(s -> roles.add(s.asText()))));
                boolean ids = false;
                boolean tenantParam = false;
                for (JsonNode p : op.getValue().path("parameters")) {
                    ids |= "path".equals(p.path("in").asText());
                    tenantParam |= "query".equals(p.path("in").asText())
                            && "tenant".equals(p.path("name").asText());
                }
                operations.add(new Operation(
                        method,
                        path.getKey(),
                        roles,
                        ids,
                        tenantParam,
                        op.getValue().path(TENANT_FREE).asBoolean(false)));
            });
        }
        operations.sort(Comparator.comparingInt(Operation::order).thenComparing(Operation::name));
        return operations;
    }

    /** Tenant A's admin on tenant B: never sees nor changes it. */
    private void acrossTenants(Operation op) {
        if (op.tenantFree()) {
            return;
        }
        String tenantA = TestTokens.bearerForTenant("admin-of-a", TENANT_A, ROLES.toArray(String[]::new));
        if (op.method().equals("GET") && !op.hasPathIds()) {
            if (!op.listsByTenant()) {
                findings.add(new Finding(op.name(), "anyone", "a ?tenant= filter on a list", 0, ""));
                return;
            }
            expect(
                    op,
                    "admin of " + TENANT_A + " listing " + TENANT_B,
                    tenantA,
                    new Call(op.template() + "?tenant=" + TENANT_B, null),
                    Set.of(403));
            return;
        }
        Call call = fixture.call(op.method(), op.template(), TENANT_B);
        if (call == null) {
            findings.add(new Finding(op.name(), "anyone", "the service's TenantFixture to know the operation", 0, ""));
            return;
        }
        if (op.hasPathIds()) {
            expect(op, "admin of " + TENANT_A + " on " + TENANT_B + "'s object", tenantA, call, Set.of(404));
        } else if (call.body() != null) {
            expect(op, "admin of " + TENANT_A + " acting for " + TENANT_B, tenantA, call, Set.of(403));
        }
    }

    /** Each role of a platform token, and no token at all. */
    private void byRole(Operation op) {
        Call call = op.method().equals("GET") && !op.hasPathIds()
                ? new Call(op.template(), null)
                : fixture.call(op.method(), op.template(), TENANT_B);
        if (call == null) {
            return; // already a finding
        }
        expect(op, "nobody", null, call, Set.of(401));
        for (String role : ROLES) {
            String token = TestTokens.bearer("platform-" + role, role);
            if (op.roles().contains(role)) {
                expectNot(op, role, token, call, Set.of(401, 403));
            } else {
                expect(op, role, token, call, Set.of(403));
            }
        }
    }

    private void expect(Operation op, String caller, String token, Call call, Set<Integer> statuses) {
        Response r = send(token, op.method(), call);
        if (!statuses.contains(r.statusCode())
                || !String.valueOf(r.contentType()).startsWith("application/problem+json")) {
            findings.add(new Finding(
                    op.name() + " (" + call.path() + ")",
                    caller,
                    statuses + " problem+json",
                    r.statusCode(),
                    r.asString()));
        }
    }

    private void expectNot(Operation op, String caller, String token, Call call, Set<Integer> statuses) {
        Response r = send(token, op.method(), call);
        if (statuses.contains(r.statusCode())) {
            findings.add(new Finding(
                    op.name() + " (" + call.path() + ")", caller, "not " + statuses, r.statusCode(), r.asString()));
        }
    }

    private Response send(String token, String method, Call call) {
        checks++;
        RequestSpecification request = given().urlEncodingEnabled(false);
        if (token != null) {
            request = request.header("Authorization", token);
        }
        if (call.body() != null) {
            request = request.contentType("application/json").body(call.body());
        }
        return request.request(method, call.path());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
