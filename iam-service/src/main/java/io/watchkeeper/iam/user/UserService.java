package io.watchkeeper.iam.user;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.iam.account.AccountService;
import io.watchkeeper.iam.account.CloudAccount;
import io.watchkeeper.iam.cloud.CloudError;
import io.watchkeeper.iam.cloud.CloudIam;
import io.watchkeeper.iam.cloud.CloudProblems;
import io.watchkeeper.iam.cloud.Credentials;
import io.watchkeeper.iam.cloud.VolcengineIamClient;
import io.watchkeeper.iam.switching.Switch;
import io.watchkeeper.iam.switching.SwitchRepository;
import io.watchkeeper.platform.problem.Problem;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * IAM users: created in the cloud ({@code CreateUser} + {@code CreateAccessKey}, the secret handed back once),
 * imported from it ({@code ListUsers}), granted and refused policies. A user whose access key could not be made stays
 * {@code provisioning}, visible with the error, until {@code POST /iam-users/{id}/access-keys} finishes it.
 */
@ApplicationScoped
public class UserService {

    private final Pool pool;
    private final UserRepository users;
    private final AccountService accounts;
    private final VolcengineIamClient cloud;
    private final SwitchRepository switches;
    private final ActionLog log;

    public UserService(Pool pool, UserRepository users, AccountService accounts, VolcengineIamClient cloud,
            SwitchRepository switches, ActionLog log) {
        this.pool = pool;
        this.users = users;
        this.accounts = accounts;
        this.cloud = cloud;
        this.switches = switches;
        this.log = log;
    }

    public Uni<UserDtos.View> create(TenantScope scope, UserDtos.Create request, String actor) {
        Instant now = Instant.now();
        return account(scope, request.accountId(), request.tenant()).chain(account -> {
            IamUser user = new IamUser(UUID.randomUUID().toString(), account.tenant(), account.id(), request.userName(),
                    request.displayName(), null, IamUser.State.PROVISIONING, "CreateUser not answered yet", null, null,
                    List.of(), actor, now, now);
            Credentials keys = accounts.credentials(account);
            return pool.withTransaction(conn -> users.insert(conn, user)).chain(inserted -> {
                if (!inserted) {
                    throw conflict("userName", "account " + account.name() + " has a user " + user.userName() + " already");
                }
                return cloud.createUser(account.id(), keys, user.userName(), user.displayName())
                        .onFailure(CloudError.class).call(e -> forgetUnlessUnknown(user, (CloudError) e))
                        .onFailure(CloudError.class).transform(e -> userRefused((CloudError) e, user))
                        .chain(created -> finishWithKey(user.withCloudId(created.id()), account, keys, actor));
            });
        });
    }

    /** A refused {@code CreateUser} leaves nothing; a timeout may have created the user: kept for a retry. */
    private Uni<Void> forgetUnlessUnknown(IamUser user, CloudError e) {
        if (e.code().equals("Timeout")) {
            return save(user.failed("CreateUser not confirmed: " + e.getMessage()));
        }
        return pool.withTransaction(conn -> users.delete(conn, user.id()));
    }

    /** An access key for a user: the last step of its creation, or one more key of an active user. */
    public Uni<UserDtos.View> createAccessKey(TenantScope scope, String id, String actor) {
        return visible(scope, id).chain(user -> accounts.visible(scope, user.accountId()).chain(account -> {
            Credentials keys = accounts.credentials(account);
            if (user.state() != IamUser.State.PROVISIONING) {
                return newKey(user, account, keys).chain(key -> pool.withTransaction(conn -> users.saveKey(conn, user.id(),
                                        new AccessKeyState(key.accessKeyId(), "active", null), Instant.now())
                                .chain(() -> log.record(conn, user, new ActionLog.Entry(ActionLog.Kind.ACCESS_KEY_CREATED,
                                        key.accessKeyId(), null, null, actor))))
                        .invoke(log::wake)
                        .chain(() -> view(user.id(), new UserDtos.NewAccessKey(key.accessKeyId(), key.secretAccessKey()))));
            }
            Uni<IamUser> inCloud = user.cloudUserId() != null ? Uni.createFrom().item(user)
                    : cloud.createUser(account.id(), keys, user.userName(), user.displayName())
                            .map(created -> user.withCloudId(created.id()))
                            .onFailure(e -> e instanceof CloudError c && c.code().equals("UserAlreadyExists"))
                            .recoverWithItem(user) // our earlier, unconfirmed CreateUser went through
                            .onFailure(CloudError.class).transform(e -> userRefused((CloudError) e, user));
            return inCloud.chain(u -> finishWithKey(u, account, keys, actor));
        }));
    }

    /** {@code CreateAccessKey} for a provisioning user: active with its key, or left provisioning with the error. */
    private Uni<UserDtos.View> finishWithKey(IamUser user, CloudAccount account, Credentials keys, String actor) {
        return cloud.createAccessKey(account.id(), keys, user.userName())
                .onFailure(CloudError.class).call(e -> save(user.failed("CreateAccessKey failed: " + e.getMessage())))
                .onFailure(CloudError.class).transform(e -> {
                    ProblemException problem = CloudProblems.of((CloudError) e);
                    return new ProblemException(problem.status(), problem.title(), problem.getMessage() + "; user "
                            + user.userName() + " exists in the cloud without an access key: retry with"
                            + " POST /api/v1/iam-users/" + user.id() + "/access-keys", problem.errors(),
                            Map.of("Location", "/api/v1/iam-users/" + user.id()));
                })
                .chain(key -> {
                    IamUser active = user.activated();
                    return pool.withTransaction(conn -> users.update(conn, active)
                                    .chain(() -> users.saveKey(conn, user.id(), new AccessKeyState(key.accessKeyId(), "active",
                                            null), Instant.now()))
                                    .chain(() -> log.record(conn, active, new ActionLog.Entry(ActionLog.Kind.CREATED,
                                            "access key " + key.accessKeyId(), "created by " + actor, null, actor))))
                            .invoke(log::wake)
                            .chain(() -> view(user.id(), new UserDtos.NewAccessKey(key.accessKeyId(), key.secretAccessKey())));
                });
    }

    private Uni<CloudIam.NewAccessKey> newKey(IamUser user, CloudAccount account, Credentials keys) {
        return cloud.createAccessKey(account.id(), keys, user.userName())
                .onFailure(CloudError.class).transform(e -> CloudProblems.of((CloudError) e));
    }

    /**
     * Brings the account's users in line with the cloud (every page of {@code ListUsers}): users the service does not
     * know are imported; users it knows that the cloud no longer has are marked deleted.
     */
    public Uni<UserDtos.SyncResult> sync(TenantScope scope, UserDtos.Sync request, String actor) {
        return account(scope, request.accountId(), request.tenant()).chain(account -> allUsers(account,
                        accounts.credentials(account), 0, new ArrayList<>())
                .onFailure(CloudError.class).transform(e -> CloudProblems.of((CloudError) e))
                .chain(found -> users.ofAccount(account.id()).chain(known -> {
                    Set<String> inCloud = found.stream().map(CloudIam.User::userName).collect(Collectors.toSet());
                    List<IamUser> gone = known.stream().filter(u -> (u.state() == IamUser.State.ACTIVE
                            || u.state() == IamUser.State.DISABLED) && !inCloud.contains(u.userName())).toList();
                    Set<String> names = known.stream().map(IamUser::userName).collect(Collectors.toSet());
                    return importNew(account, found, names, actor).chain(imported -> markDeleted(gone,
                                    "no longer in the cloud (found by a sync)", actor)
                            .map(ignored -> new UserDtos.SyncResult(imported, found.size() - imported, found.size(),
                                    gone.size())));
                })));
    }

    /**
     * Deletes a user in the cloud — its access keys, policies and login first, as the cloud requires — and keeps it
     * here as deleted, with its history. Each step tolerates what is gone already, so a failed delete is retried
     * safely; deleting a deleted user changes nothing.
     */
    public Uni<Void> delete(TenantScope scope, String id, String actor) {
        return visible(scope, id).chain(user -> user.state() == IamUser.State.DELETED ? Uni.createFrom().voidItem()
                : accounts.visible(scope, user.accountId()).chain(account -> {
                    Credentials keys = accounts.credentials(account);
                    String name = user.userName();
                    return cloud.listAccessKeys(account.id(), keys, name)
                            .chain(found -> each(found, k -> cloud.deleteAccessKey(account.id(), keys, name, k.accessKeyId())))
                            .chain(() -> cloud.attachedPolicies(account.id(), keys, name))
                            .chain(found -> each(found, p -> cloud.detachUserPolicy(account.id(), keys, name, p.getKey(),
                                    p.getValue())))
                            .chain(() -> cloud.deleteLoginProfile(account.id(), keys, name))
                            .chain(() -> cloud.deleteUser(account.id(), keys, name))
                            .onFailure(e -> e instanceof CloudError c && c.code().equals("UserNotExist")).recoverWithNull()
                            .onFailure(CloudError.class).transform(e -> CloudProblems.of((CloudError) e))
                            .chain(() -> markDeleted(List.of(user), "deleted by " + actor, actor));
                }));
    }

    private Uni<Void> markDeleted(List<IamUser> gone, String reason, String actor) {
        if (gone.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(conn -> each(gone, u -> users.update(conn, u.deleted())
                        .chain(() -> users.deleteKeys(conn, u.id()))
                        .chain(() -> switches.cancel(conn, u.id(), "user deleted"))
                        .chain(() -> log.record(conn, u.deleted(), new ActionLog.Entry(ActionLog.Kind.DELETED, null, reason,
                                null, actor)))))
                .invoke(log::wake);
    }

    private static <T> Uni<Void> each(List<T> items, java.util.function.Function<T, Uni<Void>> step) {
        return io.smallrye.mutiny.Multi.createFrom().iterable(items).onItem()
                .transformToUniAndConcatenate(item -> step.apply(item)).collect().last().replaceWithVoid();
    }

    private Uni<List<CloudIam.User>> allUsers(CloudAccount account, Credentials keys, int offset, List<CloudIam.User> acc) {
        return cloud.listUsers(account.id(), keys, offset).chain(page -> {
            acc.addAll(page.items());
            int next = offset + page.items().size();
            return page.items().isEmpty() || next >= page.total() ? Uni.createFrom().item(acc)
                    : allUsers(account, keys, next, acc);
        });
    }

    private Uni<Integer> importNew(CloudAccount account, List<CloudIam.User> found, Set<String> known, String actor) {
        Instant now = Instant.now();
        List<IamUser> fresh = found.stream().filter(u -> !known.contains(u.userName()))
                .map(u -> new IamUser(UUID.randomUUID().toString(), account.tenant(), account.id(), u.userName(),
                        u.displayName(), u.id(), IamUser.State.ACTIVE, null, null, null, List.of(), actor, now, now))
                .toList();
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.withTransaction(conn -> io.smallrye.mutiny.Multi.createFrom().iterable(fresh).onItem()
                        .transformToUniAndConcatenate(u -> users.insert(conn, u).chain(inserted -> inserted
                                ? log.record(conn, u, new ActionLog.Entry(ActionLog.Kind.IMPORTED, "from ListUsers", null,
                                        null, actor)).replaceWith(1)
                                : Uni.createFrom().item(0)))
                        .collect().asList())
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    /** Attaches ({@code attach}) or detaches a policy; the cloud first, then the record. */
    public Uni<UserDtos.View> policy(TenantScope scope, String id, String policy, String type, boolean attach, String actor) {
        if (policy == null || !policy.matches("[A-Za-z0-9_.\\-]{1,128}")) {
            throw ProblemException.invalid("policy", "must be a policy name such as ArkFullAccess");
        }
        if (!"System".equals(type) && !"Custom".equals(type)) {
            throw ProblemException.invalid("type", "must be System or Custom");
        }
        return visible(scope, id).chain(user -> accounts.visible(scope, user.accountId()).chain(account -> {
            Credentials keys = accounts.credentials(account);
            Uni<Void> call = attach ? cloud.attachUserPolicy(account.id(), keys, user.userName(), policy, type)
                    : cloud.detachUserPolicy(account.id(), keys, user.userName(), policy, type);
            return call.onFailure(CloudError.class).transform(e -> policyRefused((CloudError) e, policy))
                    .chain(() -> pool.withTransaction(conn -> users.lock(conn, id).chain(u -> {
                        List<String> policies = new ArrayList<>(u.policies());
                        policies.remove(policy);
                        if (attach) {
                            policies.add(policy);
                        }
                        IamUser after = u.withPolicies(List.copyOf(policies));
                        return users.update(conn, after).chain(() -> log.record(conn, after, new ActionLog.Entry(
                                attach ? ActionLog.Kind.POLICY_ATTACHED : ActionLog.Kind.POLICY_DETACHED,
                                policy + " (" + type + ")", null, null, actor)));
                    })))
                    .chain(() -> view(id, null));
        }));
    }

    public Uni<Page<UserDtos.View>> list(TenantScope scope, UserRepository.Filter filter, int page, int size) {
        return users.list(new UserRepository.Filter(scope.filter(filter.tenant()), filter.accountId(), filter.state()),
                page, size).map(p -> p.map(u -> UserDtos.View.of(u, null, null, null)));
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

    private Uni<UserDtos.View> view(String id, UserDtos.NewAccessKey created) {
        return users.find(pool, id).chain(u -> Uni.combine().all().unis(users.keys(pool, id), switches.pending(id)).asTuple()
                .map(t -> UserDtos.View.of(u, t.getItem1(), t.getItem2().stream().map(UserService::pending).toList(),
                        created)));
    }

    private static UserDtos.PendingSwitch pending(Switch s) {
        return new UserDtos.PendingSwitch(s.id(), s.direction().wire(), s.cause().wire(), s.reason(), s.attempts(),
                s.lastError(), s.createdAt());
    }

    /**
     * The account a request names: 400 naming {@code accountId} when the caller sees no such account, naming
     * {@code tenant} when the request names a tenant the account is not of.
     */
    private Uni<CloudAccount> account(TenantScope scope, String accountId, String tenant) {
        String owner = scope.owner(tenant); // 403 for naming another tenant
        return accounts.visible(scope, accountId).onFailure(ProblemException.class)
                .transform(e -> ProblemException.invalid("accountId", "no cloud account " + accountId))
                .invoke(a -> {
                    if (owner != null && !owner.equals(a.tenant())) {
                        throw ProblemException.invalid("tenant", "must be the account's tenant");
                    }
                });
    }

    private Uni<Void> save(IamUser user) {
        return pool.withTransaction(conn -> users.update(conn, user));
    }

    private static Throwable userRefused(CloudError e, IamUser user) {
        if (e.code().equals("UserAlreadyExists")) {
            return conflict("userName", "the cloud has a user " + user.userName() + " already (import it with"
                    + " POST /api/v1/iam-users/sync)");
        }
        if (e.code().startsWith("InvalidParameter") || e.code().contains("UserName")) {
            return ProblemException.invalid("userName", "the cloud refused the name: " + e.getMessage());
        }
        return CloudProblems.of(e);
    }

    private static Throwable policyRefused(CloudError e, String policy) {
        if (e.code().contains("Policy") && e.code().contains("NotExist")) {
            return ProblemException.invalid("policy", "the cloud has no policy " + policy + " (" + e.code() + ")");
        }
        return CloudProblems.of(e);
    }

    private static ProblemException conflict(String field, String message) {
        return new ProblemException(409, "Conflict", field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }
}
