package io.watchkeeper.iam.user;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.iam.account.AccountService;
import io.watchkeeper.iam.account.CloudAccount;
import io.watchkeeper.iam.cloud.CloudError;
import io.watchkeeper.iam.cloud.CloudProblems;
import io.watchkeeper.iam.cloud.Credentials;
import io.watchkeeper.iam.cloud.VolcengineIamClient;
import io.watchkeeper.iam.switching.Switch;
import io.watchkeeper.iam.switching.SwitchRepository;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * IAM users as they stand: reads, the action history, and policies granted and refused ({@code AttachUserPolicy} /
 * {@code DetachUserPolicy}, the cloud first, then the record). Creation is {@link UserCreation}'s, import and deletion
 * {@link UserSync}'s.
 */
@ApplicationScoped
public class UserService {

    private final Pool pool;
    private final UserRepository users;
    private final AccountService accounts;
    private final VolcengineIamClient cloud;
    private final SwitchRepository switches;
    private final ActionLog log;

    public UserService(
            Pool pool,
            UserRepository users,
            AccountService accounts,
            VolcengineIamClient cloud,
            SwitchRepository switches,
            ActionLog log) {
        this.pool = pool;
        this.users = users;
        this.accounts = accounts;
        this.cloud = cloud;
        this.switches = switches;
        this.log = log;
    }

    /** Attaches ({@code attach}) or detaches a policy; the cloud first, then the record. */
    public Uni<UserDtos.View> policy(
            TenantScope scope, String id, String policy, String type, boolean attach, String actor) {
        if (policy == null || !policy.matches("[A-Za-z0-9_.\\-]{1,128}")) {
            throw ProblemException.invalid("policy", "must be a policy name such as ArkFullAccess");
        }
        if (!"System".equals(type) && !"Custom".equals(type)) {
            throw ProblemException.invalid("type", "must be System or Custom");
        }
        return visible(scope, id)
                .chain(user -> accounts.visible(scope, user.accountId()).chain(account -> {
                    Credentials keys = accounts.credentials(account);
                    Uni<Void> call = attach
                            ? cloud.attachUserPolicy(account.id(), keys, user.userName(), policy, type)
                            : cloud.detachUserPolicy(account.id(), keys, user.userName(), policy, type);
                    return call.onFailure(CloudError.class)
                            .transform(e -> policyRefused((CloudError) e, policy))
                            .chain(() -> pool.withTransaction(
                                    conn -> users.lock(conn, id).chain(u -> {
                                        List<String> policies = new ArrayList<>(u.policies());
                                        policies.remove(policy);
                                        if (attach) {
                                            policies.add(policy);
                                        }
                                        IamUser after = u.withPolicies(List.copyOf(policies));
                                        return users.update(conn, after)
                                                .chain(() -> log.record(
                                                        conn,
                                                        after,
                                                        new ActionLog.Entry(
                                                                attach
                                                                        ? ActionLog.Kind.POLICY_ATTACHED
                                                                        : ActionLog.Kind.POLICY_DETACHED,
                                                                policy + " (" + type + ")",
                                                                null,
                                                                null,
                                                                actor)));
                                    })))
                            .chain(() -> view(id, null));
                }));
    }

    public Uni<Page<UserDtos.View>> list(TenantScope scope, UserRepository.Filter filter, int page, int size) {
        return users.list(
                        new UserRepository.Filter(scope.filter(filter.tenant()), filter.accountId(), filter.state()),
                        page,
                        size)
                .map(p -> p.map(u -> UserDtos.View.of(u, null, null, null)));
    }

    public Uni<UserDtos.View> get(TenantScope scope, String id) {
        return visible(scope, id).chain(u -> view(u.id(), null));
    }

    public Uni<Page<UserDtos.Action>> actions(TenantScope scope, String id, int page, int size) {
        return visible(scope, id).chain(u -> log.of(u.id(), page, size));
    }

    /** A user the caller may see, or 404. */
    public Uni<IamUser> visible(TenantScope scope, String id) {
        return users.find(pool, id).map(u -> scope.visible(u, u == null ? null : u.tenant(), "IAM user", id));
    }

    Uni<UserDtos.View> view(String id, UserDtos.NewAccessKey created) {
        return users.find(pool, id).chain(u -> Uni.combine()
                .all()
                .unis(users.keys(pool, id), switches.pending(id))
                .asTuple()
                .map(t -> UserDtos.View.of(
                        u,
                        t.getItem1(),
                        t.getItem2().stream().map(UserService::pending).toList(),
                        created)));
    }

    private static UserDtos.PendingSwitch pending(Switch s) {
        return new UserDtos.PendingSwitch(
                s.id(), s.direction().wire(), s.cause().wire(), s.reason(), s.attempts(), s.lastError(), s.createdAt());
    }

    /**
     * The account a request names: 400 naming {@code accountId} when the caller sees no such account, naming
     * {@code tenant} when the request names a tenant the account is not of.
     */
    Uni<CloudAccount> account(TenantScope scope, String accountId, String tenant) {
        String owner = scope.owner(tenant); // 403 for naming another tenant
        return accounts.visible(scope, accountId)
                .onFailure(ProblemException.class)
                .transform(e -> ProblemException.invalid("accountId", "no cloud account " + accountId))
                .invoke(a -> {
                    if (owner != null && !owner.equals(a.tenant())) {
                        throw ProblemException.invalid("tenant", "must be the account's tenant");
                    }
                });
    }

    Uni<Void> save(IamUser user) {
        return pool.withTransaction(conn -> users.update(conn, user));
    }

    private static Throwable policyRefused(CloudError e, String policy) {
        if (e.code().contains("Policy") && e.code().contains("NotExist")) {
            return ProblemException.invalid("policy", "the cloud has no policy " + policy + " (" + e.code() + ")");
        }
        return CloudProblems.of(e);
    }
}
