package io.watchkeeper.iam.user;

import static io.watchkeeper.iam.Steps.each;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.iam.account.AccountService;
import io.watchkeeper.iam.account.CloudAccount;
import io.watchkeeper.iam.cloud.CloudError;
import io.watchkeeper.iam.cloud.CloudIam;
import io.watchkeeper.iam.cloud.CloudProblems;
import io.watchkeeper.iam.cloud.Credentials;
import io.watchkeeper.iam.cloud.VolcengineIamClient;
import io.watchkeeper.iam.switching.SwitchRepository;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Keeping the users in line with the cloud: a sync imports the account's users the service does not know (every page
 * of {@code ListUsers}) and marks those the cloud no longer has deleted; a delete removes a user in the cloud — keys,
 * policies and login first, as the cloud requires — and keeps it here as deleted, with its history.
 */
@ApplicationScoped
public class UserSync {

    private final Pool pool;
    private final UserRepository users;
    private final AccountService accounts;
    private final VolcengineIamClient cloud;
    private final SwitchRepository switches;
    private final ActionLog log;
    private final UserService service;

    public UserSync(
            Pool pool,
            UserRepository users,
            AccountService accounts,
            VolcengineIamClient cloud,
            SwitchRepository switches,
            ActionLog log,
            UserService service) {
        this.pool = pool;
        this.users = users;
        this.accounts = accounts;
        this.cloud = cloud;
        this.switches = switches;
        this.log = log;
        this.service = service;
    }

    /**
     * Brings the account's users in line with the cloud (every page of {@code ListUsers}): users the service does not
     * know are imported; users it knows that the cloud no longer has are marked deleted.
     */
    public Uni<UserDtos.SyncResult> sync(TenantScope scope, UserDtos.Sync request, String actor) {
        return service.account(scope, request.accountId(), request.tenant()).chain(account -> allUsers(
                        account, accounts.credentials(account), 0, new ArrayList<>())
                .onFailure(CloudError.class)
                .transform(e -> CloudProblems.of((CloudError) e))
                .chain(found -> users.ofAccount(account.id()).chain(known -> {
                    Set<String> inCloud =
                            found.stream().map(CloudIam.User::userName).collect(Collectors.toSet());
                    List<IamUser> gone = known.stream()
                            .filter(u -> (u.state() == IamUser.State.ACTIVE || u.state() == IamUser.State.DISABLED)
                                    && !inCloud.contains(u.userName()))
                            .toList();
                    Set<String> names = known.stream().map(IamUser::userName).collect(Collectors.toSet());
                    return importNew(account, found, names, actor)
                            .chain(imported -> markDeleted(gone, "no longer in the cloud (found by a sync)", actor)
                                    .map(ignored -> new UserDtos.SyncResult(
                                            imported, found.size() - imported, found.size(), gone.size())));
                })));
    }

    /**
     * Deletes a user in the cloud — its access keys, policies and login first, as the cloud requires — and keeps it
     * here as deleted, with its history. Each step tolerates what is gone already, so a failed delete is retried
     * safely; deleting a deleted user changes nothing.
     */
    public Uni<Void> delete(TenantScope scope, String id, String actor) {
        return service.visible(scope, id)
                .chain(user -> user.state() == IamUser.State.DELETED
                        ? Uni.createFrom().voidItem()
                        : accounts.visible(scope, user.accountId()).chain(account -> {
                            Credentials keys = accounts.credentials(account);
                            String name = user.userName();
                            return cloud.listAccessKeys(account.id(), keys, name)
                                    .chain(found -> each(
                                            found,
                                            k -> cloud.deleteAccessKey(account.id(), keys, name, k.accessKeyId())))
                                    .chain(() -> cloud.attachedPolicies(account.id(), keys, name))
                                    .chain(found -> each(
                                            found,
                                            p -> cloud.detachUserPolicy(
                                                    account.id(), keys, name, p.getKey(), p.getValue())))
                                    .chain(() -> cloud.deleteLoginProfile(account.id(), keys, name))
                                    .chain(() -> cloud.deleteUser(account.id(), keys, name))
                                    .onFailure(e -> e instanceof CloudError c
                                            && c.code().equals("UserNotExist"))
                                    .recoverWithNull()
                                    .onFailure(CloudError.class)
                                    .transform(e -> CloudProblems.of((CloudError) e))
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
                        .chain(() -> log.record(
                                conn,
                                u.deleted(),
                                new ActionLog.Entry(ActionLog.Kind.DELETED, null, reason, null, actor)))))
                .invoke(log::wake);
    }

    private Uni<List<CloudIam.User>> allUsers(
            CloudAccount account, Credentials keys, int offset, List<CloudIam.User> acc) {
        return cloud.listUsers(account.id(), keys, offset).chain(page -> {
            acc.addAll(page.items());
            int next = offset + page.items().size();
            return page.items().isEmpty() || next >= page.total()
                    ? Uni.createFrom().item(acc)
                    : allUsers(account, keys, next, acc);
        });
    }

    private Uni<Integer> importNew(CloudAccount account, List<CloudIam.User> found, Set<String> known, String actor) {
        Instant now = Instant.now();
        List<IamUser> fresh = found.stream()
                .filter(u -> !known.contains(u.userName()))
                .map(u -> new IamUser(
                        UUID.randomUUID().toString(),
                        account.tenant(),
                        account.id(),
                        u.userName(),
                        u.displayName(),
                        u.id(),
                        IamUser.State.ACTIVE,
                        null,
                        null,
                        null,
                        List.of(),
                        actor,
                        now,
                        now))
                .toList();
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.withTransaction(conn -> io.smallrye.mutiny.Multi.createFrom()
                        .iterable(fresh)
                        .onItem()
                        .transformToUniAndConcatenate(u -> users.insert(conn, u)
                                .chain(inserted -> inserted
                                        ? log.record(
                                                        conn,
                                                        u,
                                                        new ActionLog.Entry(
                                                                ActionLog.Kind.IMPORTED,
                                                                "from ListUsers",
                                                                null,
                                                                null,
                                                                actor))
                                                .replaceWith(1)
                                        : Uni.createFrom().item(0)))
                        .collect()
                        .asList())
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }
}
