package io.watchkeeper.collector.heartbeat;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.rest.PageQuery;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** Known heartbeat checks (slugs) with their last ping. */
@Path("/api/v1/heartbeats")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class HeartbeatResource {

    private final CheckRegistry checks;
    private final Tenancy tenancy;

    public HeartbeatResource(CheckRegistry checks, Tenancy tenancy) {
        this.checks = checks;
        this.tenancy = tenancy;
    }

    @GET
    public Uni<Page<CheckRegistry.Check>> list(
            @QueryParam("tenant") String tenant, @Valid @BeanParam PageQuery paging) {
        return checks.list(tenancy.current().filter(tenant))
                .map(all -> new Page<>(
                        all.stream()
                                .skip((long) paging.page() * paging.size())
                                .limit(paging.size())
                                .toList(),
                        all.size(),
                        paging.page(),
                        paging.size()));
    }
}
