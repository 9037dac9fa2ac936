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
import io.watchkeeper.platform.problem.Problem;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creating IAM users in the cloud: {@code CreateUser} then {@code CreateAccessKey}, the secret handed back once and
 * never kept. A refused {@code CreateUser} leaves nothing; a user whose access key could not be made stays
 * {@code provisioning}, visible with the error, until {@code POST /iam-users/{id}/access-keys} finishes it.
 */
@ApplicationScoped
public class UserCreation {

    private final Pool pool;
    private final UserRepository users;
    private final AccountService accounts;
    private final VolcengineIamClient cloud;
    private final ActionLog log;
    private final UserService service;

    public UserCreation(
            Pool pool,
            UserRepository users,
            AccountService accounts,
            VolcengineIamClient cloud,
            ActionLog log,
            UserService service) {
        this.pool = pool;
        this.users = users;
        this.accounts = accounts;
        this.cloud = cloud;
        this.log = log;
        this.service = service;
    }

    public Uni<UserDtos.View> create(TenantScope scope, UserDtos.Create request, String actor) {
        Instant now = Instant.now();
        return service.account(scope, request.accountId(), request.tenant()).chain(account -> {
            IamUser user = new IamUser(
                    UUID.randomUUID().toString(),
                    account.tenant(),
                    account.id(),
                    request.userName(),
                    request.displayName(),
                    null,
                    IamUser.State.PROVISIONING,
                    "CreateUser not answered yet",
                    null,
                    null,
                    List.of(),
                    actor,
                    now,
                    now);
            Credentials keys = accounts.credentials(account);
            return pool.withTransaction(conn -> users.insert(conn, user)).chain(inserted -> {
                if (!inserted) {
                    throw conflict(
                            "userName", "account " + account.name() + " has a user " + user.userName() + " already");
                }
                return cloud.createUser(account.id(), keys, user.userName(), user.displayName())
                        .onFailure(CloudError.class)
                        .call(e -> forgetUnlessUnknown(user, (CloudError) e))
                        .onFailure(CloudError.class)
                        .transform(e -> userRefused((CloudError) e, user))
                        .chain(created -> finishWithKey(user.withCloudId(created.id()), account, keys, actor));
            });
        });
    }

    /** A refused {@code CreateUser} leaves nothing; a timeout may have created the user: kept for a retry. */
    private Uni<Void> forgetUnlessUnknown(IamUser user, CloudError e) {
        if (e.code().equals("Timeout")) {
            return service.save(user.failed("CreateUser not confirmed: " + e.getMessage()));
        }
        return pool.withTransaction(conn -> users.delete(conn, user.id()));
    }

    /** An access key for a user: the last step of its creation, or one more key of an active user. */
    public Uni<UserDtos.View> createAccessKey(TenantScope scope, String id, String actor) {
        return service.visible(scope, id)
                .chain(user -> accounts.visible(scope, user.accountId()).chain(account -> {
                    Credentials keys = accounts.credentials(account);
                    if (user.state() != IamUser.State.PROVISIONING) {
                        return newKey(user, account, keys).chain(key -> pool.withTransaction(conn -> users.saveKey(
                                                conn,
                                                user.id(),
                                                new AccessKeyState(key.accessKeyId(), "active", null),
                                                Instant.now())
                                        .chain(() -> log.record(
                                                conn,
                                                user,
                                                new ActionLog.Entry(
                                                        ActionLog.Kind.ACCESS_KEY_CREATED,
                                                        key.accessKeyId(),
                                                        null,
                                                        null,
                                                        actor))))
                                .invoke(log::wake)
                                .chain(() -> service.view(
                                        user.id(),
                                        new UserDtos.NewAccessKey(key.accessKeyId(), key.secretAccessKey()))));
                    }
                    Uni<IamUser> inCloud = user.cloudUserId() != null
                            ? Uni.createFrom().item(user)
                            : cloud.createUser(account.id(), keys, user.userName(), user.displayName())
                                    .map(created -> user.withCloudId(created.id()))
                                    .onFailure(e -> e instanceof CloudError c
                                            && c.code().equals("UserAlreadyExists"))
                                    .recoverWithItem(user) // our earlier, unconfirmed CreateUser went through
                                    .onFailure(CloudError.class)
                                    .transform(e -> userRefused((CloudError) e, user));
                    return inCloud.chain(u -> finishWithKey(u, account, keys, actor));
                }));
    }

    /** {@code CreateAccessKey} for a provisioning user: active with its key, or left provisioning with the error. */
    private Uni<UserDtos.View> finishWithKey(IamUser user, CloudAccount account, Credentials keys, String actor) {
        return cloud.createAccessKey(account.id(), keys, user.userName())
                .onFailure(CloudError.class)
                .call(e -> service.save(user.failed("CreateAccessKey failed: " + e.getMessage())))
                .onFailure(CloudError.class)
                .transform(e -> {
                    ProblemException problem = CloudProblems.of((CloudError) e);
                    return new ProblemException(
                            problem.status(),
                            problem.title(),
                            problem.getMessage() + "; user "
                                    + user.userName() + " exists in the cloud without an access key: retry with"
                                    + " POST /api/v1/iam-users/" + user.id() + "/access-keys",
                            problem.errors(),
                            Map.of("Location", "/api/v1/iam-users/" + user.id()));
                })
                .chain(key -> {
                    IamUser active = user.activated();
                    return pool.withTransaction(conn -> users.update(conn, active)
                                    .chain(() -> users.saveKey(
                                            conn,
                                            user.id(),
                                            new AccessKeyState(key.accessKeyId(), "active", null),
                                            Instant.now()))
                                    .chain(() -> log.record(
                                            conn,
                                            active,
                                            new ActionLog.Entry(
                                                    ActionLog.Kind.CREATED,
                                                    "access key " + key.accessKeyId(),
                                                    "created by " + actor,
                                                    null,
                                                    actor))))
                            .invoke(log::wake)
                            .chain(() -> service.view(
                                    user.id(), new UserDtos.NewAccessKey(key.accessKeyId(), key.secretAccessKey())));
                });
    }

    private Uni<CloudIam.NewAccessKey> newKey(IamUser user, CloudAccount account, Credentials keys) {
        return cloud.createAccessKey(account.id(), keys, user.userName())
                .onFailure(CloudError.class)
                .transform(e -> CloudProblems.of((CloudError) e));
    }

    private static Throwable userRefused(CloudError e, IamUser user) {
        if (e.code().equals("UserAlreadyExists")) {
            return conflict(
                    "userName",
                    "the cloud has a user " + user.userName() + " already (import it with"
                            + " POST /api/v1/iam-users/sync)");
        }
        if (e.code().startsWith("InvalidParameter") || e.code().contains("UserName")) {
            return ProblemException.invalid("userName", "the cloud refused the name: " + e.getMessage());
        }
        return CloudProblems.of(e);
    }

    private static ProblemException conflict(String field, String message) {
        return new ProblemException(
                409, "Conflict", field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }
}
