package io.watchkeeper.iam.user;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.iam.switching.Switch;
import io.watchkeeper.iam.switching.SwitchService;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.rest.PageQuery;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;

/** IAM users (cloud sub-accounts): admins create, import and grant; operators switch them off and on. */
@Path("/api/v1/iam-users")
public class UserResource {

    private final UserService service;
    private final UserCreation creation;
    private final UserSync sync;
    private final SwitchService switching;
    private final Tenancy tenancy;

    public UserResource(
            UserService service, UserCreation creation, UserSync sync, SwitchService switching, Tenancy tenancy) {
        this.service = service;
        this.creation = creation;
        this.sync = sync;
        this.switching = switching;
        this.tenancy = tenancy;
    }

    /** 201 with the new access key's secret — the only time it is shown. */
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull UserDtos.Create request) {
        return creation.create(tenancy.current(), request, tenancy.user())
                .map(u -> Response.created(URI.create("/api/v1/iam-users/" + u.id()))
                        .entity(u)
                        .build());
    }

    @POST
    @Path("sync")
    @RolesAllowed(Roles.ADMIN)
    public Uni<UserDtos.SyncResult> sync(@Valid @NotNull UserDtos.Sync request) {
        return sync.sync(tenancy.current(), request, tenancy.user());
    }

    /** {@code state}: provisioning, active, disabled, or deleted (left out unless asked for). */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<UserDtos.View>> list(
            @QueryParam("tenant") String tenant,
            @QueryParam("accountId") String accountId,
            @QueryParam("state") String state,
            @Valid @BeanParam PageQuery paging) {
        return service.list(
                tenancy.current(),
                new UserRepository.Filter(tenant, accountId, state(state)),
                paging.page(),
                paging.size());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<UserDtos.View> get(@PathParam("id") String id) {
        return service.get(tenancy.current(), id);
    }

    @GET
    @Path("{id}/actions")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<UserDtos.Action>> actions(@PathParam("id") String id, @Valid @BeanParam PageQuery paging) {
        return service.actions(tenancy.current(), id, paging.page(), paging.size());
    }

    /** A (further) access key: finishes a provisioning user, or adds a key to an active one. The secret is shown once. */
    @POST
    @Path("{id}/access-keys")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> accessKey(@PathParam("id") String id) {
        return creation.createAccessKey(tenancy.current(), id, tenancy.user())
                .map(u -> Response.status(201).entity(u).build());
    }

    /** Deletes the user in the cloud (keys, policies and login first); 204, also when it was deleted already. */
    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") String id) {
        return sync.delete(tenancy.current(), id, tenancy.user())
                .replaceWith(Response.noContent().build());
    }

    /** {@code type}: System (default) or Custom. */
    @POST
    @Path("{id}/policies/{policy}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<UserDtos.View> attach(
            @PathParam("id") String id,
            @PathParam("policy") String policy,
            @QueryParam("type") @DefaultValue("System") String type) {
        return service.policy(tenancy.current(), id, policy, type, true, tenancy.user());
    }

    @DELETE
    @Path("{id}/policies/{policy}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<UserDtos.View> detach(
            @PathParam("id") String id,
            @PathParam("policy") String policy,
            @QueryParam("type") @DefaultValue("System") String type) {
        return service.policy(tenancy.current(), id, policy, type, false, tenancy.user());
    }

    /**
     * 200 once the cloud has it; 202 when the cloud did not answer yet (the switch is pending and retried).
     * {@code reason} goes into the history and onto {@code wk.iam.v1}.
     */
    @POST
    @Path("{id}/disable")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Response> disable(@PathParam("id") String id, @QueryParam("reason") @Size(max = 500) String reason) {
        return switchUser(id, Switch.Direction.DISABLE, reason);
    }

    @POST
    @Path("{id}/enable")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Response> enable(@PathParam("id") String id, @QueryParam("reason") @Size(max = 500) String reason) {
        return switchUser(id, Switch.Direction.ENABLE, reason);
    }

    private Uni<Response> switchUser(String id, Switch.Direction direction, String reason) {
        var scope = tenancy.current();
        String actor = tenancy.user();
        return service.visible(scope, id)
                .chain(user -> switching.byOperator(user, direction, reason, actor))
                .chain(done -> service.get(scope, id)
                        .map(view ->
                                Response.status(done ? 200 : 202).entity(view).build()));
    }

    private static IamUser.State state(String text) {
        if (text == null) {
            return null;
        }
        try {
            return IamUser.State.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("state", "one of provisioning, active, disabled, deleted");
        }
    }
}
