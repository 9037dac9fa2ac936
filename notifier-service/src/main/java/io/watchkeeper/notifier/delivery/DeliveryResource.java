package io.watchkeeper.notifier.delivery;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.rest.PageQuery;
import io.watchkeeper.platform.rest.QueryParams;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.Set;
import java.util.UUID;

/** The delivery log: what was sent where, when, and what the far side answered. */
@Path("/api/v1/deliveries")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class DeliveryResource {

    private static final Set<String> STATUSES = Set.of("pending", "sent", "failed", "skipped");

    private final DeliveryQueries deliveries;
    private final Tenancy tenancy;

    public DeliveryResource(DeliveryQueries deliveries, Tenancy tenancy) {
        this.deliveries = deliveries;
        this.tenancy = tenancy;
    }

    /** {@code from} (RFC 3339): only deliveries that changed at or after it, such as the failures of the last day. */
    @GET
    public Uni<Page<DeliveryQueries.DeliveryView>> list(
            @QueryParam("tenant") String tenant,
            @QueryParam("alertId") UUID alertId,
            @QueryParam("channel") UUID channelId,
            @QueryParam("status") String status,
            @QueryParam("from") String from,
            @Valid @BeanParam PageQuery paging) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "must be one of " + STATUSES);
        }
        return deliveries.list(
                tenancy.current().filter(tenant),
                alertId,
                channelId,
                status,
                QueryParams.instant("from", from),
                paging.page(),
                paging.size());
    }
}
