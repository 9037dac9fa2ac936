package io.watchkeeper.evaluator.quota;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/**
 * The evaluator's view of each quota: what it has counted this period and where the steps stand. Quotas are
 * defined in quota-service; a quota appears here once its definition has arrived on {@code wk.quotas.v1}.
 */
@Path("/api/v1/quota-usage")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class QuotaUsageResource {

    private final QuotaUsageViews views;
    private final Tenancy tenancy;

    public QuotaUsageResource(QuotaUsageViews views, Tenancy tenancy) {
        this.views = views;
        this.tenancy = tenancy;
    }

    /** The quotas the caller may see; {@code tenant} narrows to one tenant. */
    @GET
    public Uni<List<QuotaUsageViews.UsageView>> list(@QueryParam("tenant") String tenant) {
        TenantScope scope = tenancy.current();
        String only = scope.filter(tenant);
        return views.all(scope).map(all -> all.stream()
                .filter(v -> only == null || only.equals(v.tenant()))
                .toList());
    }

    @GET
    @Path("{quotaId}")
    public Uni<QuotaUsageViews.UsageView> get(@PathParam("quotaId") String quotaId) {
        return views.all(tenancy.current()).map(all -> all.stream()
                .filter(v -> v.quotaId().equals(quotaId))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("quota", quotaId)));
    }
}
