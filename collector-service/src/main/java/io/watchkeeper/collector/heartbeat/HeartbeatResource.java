package io.watchkeeper.collector.heartbeat;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
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
            @QueryParam("tenant") String tenant,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue(Page.DEFAULT_SIZE) @Min(1) @Max(Page.MAX_SIZE) int size) {
        return checks.list(tenancy.current().filter(tenant))
                .map(all -> new Page<>(
                        all.stream().skip((long) page * size).limit(size).toList(), all.size(), page, size));
    }
}
