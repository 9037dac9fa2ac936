package io.watchkeeper.quota.settings;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** The global quota settings (per tenant, else the platform's): default thresholds, monitor, autoDisable. */
@Path("/api/v1/quota-settings")
public class SettingsResource {

    private final SettingsService service;
    private final Tenancy tenancy;

    public SettingsResource(SettingsService service, Tenancy tenancy) {
        this.service = service;
        this.tenancy = tenancy;
    }

    /** The settings in force for {@code tenant} (a tenant's token: its own), and where they come from. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<QuotaSettings> get(@QueryParam("tenant") String tenant) {
        return service.get(tenancy.current(), tenant);
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    public Uni<QuotaSettings> put(@Valid @NotNull SettingsDtos.Request request) {
        return service.put(tenancy.current(), request, tenancy.user());
    }
}
