package io.watchkeeper.gateway.audit;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.rest.PageQuery;
import io.watchkeeper.platform.rest.QueryParams;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** The audit log, newest first: admins read it; a tenant's admin reads its own tenant's entries only. */
@Path("/api/v1/audit")
public class AuditResource {

    private final AuditLog log;
    private final Tenancy tenancy;

    public AuditResource(AuditLog log, Tenancy tenancy) {
        this.log = log;
        this.tenancy = tenancy;
    }

    /** {@code who}: the actor; {@code path}: a path prefix such as {@code /api/v1/rules}; {@code from}/{@code to}: RFC 3339. */
    @GET
    @RolesAllowed(Roles.ADMIN)
    public Uni<Page<AuditEntry>> list(
            @QueryParam("who") @Size(max = 200) String who,
            @QueryParam("tenant") String tenant,
            @QueryParam("path") @Size(max = 2000) String path,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @Valid @BeanParam PageQuery paging) {
        return log.list(
                new AuditLog.Filter(
                        blankToNull(who),
                        tenancy.current().filter(tenant),
                        blankToNull(path),
                        QueryParams.instant("from", from),
                        QueryParams.instant("to", to)),
                paging.page(),
                paging.size());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
