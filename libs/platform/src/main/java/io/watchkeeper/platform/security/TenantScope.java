package io.watchkeeper.platform.security;

import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one caller may see and change, from its token's {@code tenant} claim: a tenant's caller sees and changes its
 * own tenant's resources only and gets 404 for any other (never 403, which would say the id exists); a caller
 * without the claim is a platform operator and sees everything. A resource with no tenant is the platform's own
 * (a global rule, a shared channel): only platform operators see it.
 *
 * <p>Taken once per request ({@link Tenancy#current()}) and handed to the service, so the check does not depend on
 * which thread a continuation runs on.
 */
public record TenantScope(String tenant) {

    /** The token claim, and the label that carries the tenant on metrics and alerts. */
    public static final String CLAIM = "tenant";

    public static final String LABEL = "tenant";

    public static final TenantScope PLATFORM = new TenantScope(null);

    public static TenantScope of(String tenant) {
        return new TenantScope(tenant);
    }

    public boolean isPlatform() {
        return tenant == null;
    }

    /** Whether a resource owned by {@code owner} (null = the platform's own) is visible to this caller. */
    public boolean sees(String owner) {
        return tenant == null || tenant.equals(owner);
    }

    /** The resource when this caller may see it; otherwise 404, exactly as if it did not exist. */
    public <T> T visible(T resource, String owner, String what, Object id) {
        if (resource == null || !sees(owner)) {
            throw ProblemException.notFound(what, id);
        }
        return resource;
    }

    /**
     * The tenant a new or replaced resource belongs to: a tenant's caller creates in its own tenant (naming another
     * is 403); a platform operator may name any tenant, or none for a platform-wide resource.
     */
    public String owner(String requested) {
        String named = blankToNull(requested);
        if (tenant == null) {
            return named;
        }
        if (named != null && !named.equals(tenant)) {
            throw forbidden("a token of tenant " + tenant + " cannot act for tenant " + named);
        }
        return tenant;
    }

    /**
     * The tenant a list is filtered by ({@code ?tenant=}): a platform operator's choice (null = every tenant); a
     * tenant's caller always gets its own (naming another is 403).
     */
    public String filter(String requested) {
        return owner(requested);
    }

    /**
     * The owner of a resource whose labels say whose metrics or alerts it makes: the tenant named in the body or by
     * its {@code tenant} label (both, differing: 400), then as {@link #owner(String)}.
     */
    public String owner(String requested, Map<String, String> labels) {
        String named = blankToNull(requested);
        String labelled = labels == null ? null : blankToNull(labels.get(LABEL));
        if (named != null && labelled != null && !named.equals(labelled)) {
            throw ProblemException.invalid("labels.tenant", "must be the resource's tenant " + named);
        }
        return owner(named != null ? named : labelled);
    }

    /**
     * The labels of what this caller sends in (metrics, external alerts): a tenant's caller's carry its tenant (a
     * {@code tenant} label naming another is 403); an operator's are left as they are.
     */
    public Map<String, String> labelsOf(Map<String, String> labels) {
        return tenant == null ? labels : withTenantLabel(labels, owner(null, labels));
    }

    /** The labels with the {@code tenant} label set to the owner (none for a platform-wide resource). */
    public static Map<String, String> withTenantLabel(Map<String, String> labels, String owner) {
        Map<String, String> result = new HashMap<>(labels == null ? Map.of() : labels);
        if (owner == null) {
            result.remove(LABEL);
        } else {
            result.put(LABEL, owner);
        }
        return Map.copyOf(result);
    }

    /**
     * The matchers of something a tenant owns (a rule, route, silence, inhibit rule, action): {@code
     * tenant="<owner>"} added to what was asked, which can narrow the scope, never widen it to other tenants. A
     * platform-wide one keeps its matchers as they are.
     */
    public static List<LabelMatcher> matchersOf(List<LabelMatcher> matchers, String owner) {
        List<LabelMatcher> scoped = new ArrayList<>(matchers == null ? List.of() : matchers);
        if (owner != null && !scoped.contains(new LabelMatcher(LABEL, "=", owner))) {
            scoped.add(new LabelMatcher(LABEL, "=", owner));
        }
        return List.copyOf(scoped);
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return Objects.requireNonNullElse(tenant, "(platform)");
    }
}
