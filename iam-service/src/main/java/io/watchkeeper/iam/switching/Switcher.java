package io.watchkeeper.iam.switching;

import static io.watchkeeper.iam.Steps.each;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.iam.account.AccountRepository;
import io.watchkeeper.iam.account.AccountService;
import io.watchkeeper.iam.cloud.CloudIam;
import io.watchkeeper.iam.cloud.Credentials;
import io.watchkeeper.iam.cloud.VolcengineIamClient;
import io.watchkeeper.iam.user.AccessKeyState;
import io.watchkeeper.iam.user.ActionLog;
import io.watchkeeper.iam.user.IamUser;
import io.watchkeeper.iam.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Carries out one claimed switch against the cloud, exactly once per target: the cloud's current state is read
 * first, a target already in the wanted state is not called; before a call its step is committed as
 * {@code calling}, after it as {@code done} with the new state. So after a crash between a call and its record, the
 * target is found in the wanted state with a {@code calling} step: recorded as ours, never called again.
 *
 * <p>Disable turns off every active access key ({@code UpdateAccessKey Status=inactive}) and the console login
 * ({@code UpdateLoginProfile LoginAllowed=false}), noting who did ({@code disabled_by}). A quota's enable turns on only
 * what a quota turned off; an operator's enable, what any switch turned off. A key that was off already, and not by
 * us, is left as it is.
 */
@ApplicationScoped
public class Switcher {

    static final String LOGIN = "login";

    private final Pool pool;
    private final UserRepository users;
    private final AccountRepository accounts;
    private final AccountService accountKeys;
    private final VolcengineIamClient cloud;
    private final SwitchRepository switches;
    private final ActionLog log;

    public Switcher(
            Pool pool,
            UserRepository users,
            AccountRepository accounts,
            AccountService accountKeys,
            VolcengineIamClient cloud,
            SwitchRepository switches,
            ActionLog log) {
        this.pool = pool;
        this.users = users;
        this.accounts = accounts;
        this.accountKeys = accountKeys;
        this.cloud = cloud;
        this.switches = switches;
        this.log = log;
    }

    /** Runs {@code s} to the end (its user's new state recorded, the event on wk.iam.v1), or fails with the cloud's error. */
    public Uni<Void> run(Switch s, Duration lease) {
        return users.find(pool, s.userId())
                .chain(user -> accounts.find(user.accountId()).chain(account -> {
                    Target t = new Target(s, user, account.id(), accountKeys.credentials(account), lease);
                    return switches.steps(s.id())
                            .chain(steps ->
                                    s.direction() == Switch.Direction.DISABLE ? disable(t, steps) : enable(t, steps));
                }))
                .chain(changed -> finish(s, changed))
                .invoke(log::wake);
    }

    private record Target(Switch s, IamUser user, String account, Credentials keys, Duration lease) {
        String cause() {
            return s.cause().wire();
        }
    }

    private Uni<List<String>> disable(Target t, Map<String, String> steps) {
        List<String> changed = new ArrayList<>();
        return cloud.listAccessKeys(t.account(), t.keys(), t.user().userName())
                .chain(keys -> each(keys, k -> {
                    String step = "key:" + k.accessKeyId();
                    if (k.active()) {
                        return change(
                                        t,
                                        step,
                                        () -> cloud.updateAccessKey(
                                                t.account(), t.keys(), t.user().userName(), k.accessKeyId(), false),
                                        new AccessKeyState(k.accessKeyId(), "inactive", t.cause()))
                                .invoke(() -> changed.add(k.accessKeyId()));
                    }
                    if (steps.containsKey(step) || t.s().cause() == Switch.Cause.OPERATOR) {
                        // off because of our own call (before a crash, say), or an operator takes over a key that is
                        // off
                        return record(t, step, new AccessKeyState(k.accessKeyId(), "inactive", t.cause()))
                                .invoke(() -> changed.add(k.accessKeyId()));
                    }
                    return keepOffKey(t, k);
                }))
                .chain(() -> cloud.loginAllowed(t.account(), t.keys(), t.user().userName()))
                .chain(allowed -> {
                    if (Boolean.TRUE.equals(allowed)) {
                        return changeLogin(t, false, t.cause()).invoke(() -> changed.add(LOGIN));
                    }
                    if (Boolean.FALSE.equals(allowed)
                            && (steps.containsKey(LOGIN) || t.s().cause() == Switch.Cause.OPERATOR)) {
                        return recordLogin(t, false, t.cause()).invoke(() -> changed.add(LOGIN));
                    }
                    return Uni.createFrom().voidItem();
                })
                .replaceWith(changed);
    }

    /** A key that was off already, and not by this switch: remembered as it is, with whoever turned it off. */
    private Uni<Void> keepOffKey(Target t, CloudIam.AccessKey k) {
        return users.keys(pool, t.user().id()).chain(known -> {
            String by = known.stream()
                    .filter(x -> x.accessKeyId().equals(k.accessKeyId()))
                    .findFirst()
                    .map(AccessKeyState::disabledBy)
                    .orElse(null);
            return users.saveKey(
                    pool, t.user().id(), new AccessKeyState(k.accessKeyId(), "inactive", by), Instant.now());
        });
    }

    private Uni<List<String>> enable(Target t, Map<String, String> steps) {
        List<String> changed = new ArrayList<>();
        boolean byQuotaOnly = t.s().cause() == Switch.Cause.QUOTA;
        return users.keys(pool, t.user().id())
                .chain(known -> cloud.listAccessKeys(
                                t.account(), t.keys(), t.user().userName())
                        .chain(current -> each(
                                known.stream()
                                        .filter(k -> k.disabledBy() != null
                                                && (!byQuotaOnly || "quota".equals(k.disabledBy())))
                                        .toList(),
                                k -> {
                                    String step = "key:" + k.accessKeyId();
                                    CloudIam.AccessKey now = current.stream()
                                            .filter(c -> c.accessKeyId().equals(k.accessKeyId()))
                                            .findFirst()
                                            .orElse(null);
                                    AccessKeyState on = new AccessKeyState(k.accessKeyId(), "active", null);
                                    if (now == null) {
                                        return Uni.createFrom().voidItem(); // deleted in the cloud meanwhile
                                    }
                                    Uni<Void> done = now.active()
                                            ? record(t, step, on)
                                            : change(
                                                    t,
                                                    step,
                                                    () -> cloud.updateAccessKey(
                                                            t.account(),
                                                            t.keys(),
                                                            t.user().userName(),
                                                            k.accessKeyId(),
                                                            true),
                                                    on);
                                    return done.invoke(() -> changed.add(k.accessKeyId()));
                                })))
                .chain(() -> {
                    String by = t.user().loginDisabledBy();
                    if (by == null || byQuotaOnly && !"quota".equals(by)) {
                        return Uni.createFrom().voidItem();
                    }
                    return cloud.loginAllowed(t.account(), t.keys(), t.user().userName())
                            .chain(allowed -> {
                                if (allowed == null) {
                                    return recordLogin(t, null, null);
                                }
                                return (allowed ? recordLogin(t, true, null) : changeLogin(t, true, null))
                                        .invoke(() -> changed.add(LOGIN));
                            });
                })
                .replaceWith(changed);
    }

    /** {@code calling} committed, the cloud called, then the new state and {@code done} committed together. */
    private Uni<Void> change(Target t, String step, Supplier<Uni<Void>> call, AccessKeyState after) {
        return switches.calling(t.s().id(), step, t.lease())
                .chain(() -> call.get())
                .chain(() -> record(t, step, after));
    }

    private Uni<Void> record(Target t, String step, AccessKeyState after) {
        return pool.withTransaction(conn -> users.saveKey(conn, t.user().id(), after, Instant.now())
                .chain(() -> switches.done(conn, t.s().id(), step)));
    }

    private Uni<Void> changeLogin(Target t, boolean allowed, String disabledBy) {
        return switches.calling(t.s().id(), LOGIN, t.lease())
                .chain(() ->
                        cloud.updateLoginProfile(t.account(), t.keys(), t.user().userName(), allowed))
                .chain(() -> recordLogin(t, allowed, disabledBy));
    }

    private Uni<Void> recordLogin(Target t, Boolean allowed, String disabledBy) {
        return pool.withTransaction(conn -> users.lock(conn, t.user().id())
                .chain(u -> users.update(
                        conn,
                        new IamUser(
                                u.id(),
                                u.tenant(),
                                u.accountId(),
                                u.userName(),
                                u.displayName(),
                                u.cloudUserId(),
                                u.state(),
                                u.lastError(),
                                allowed,
                                disabledBy,
                                u.policies(),
                                u.createdBy(),
                                u.createdAt(),
                                Instant.now())))
                .chain(() -> switches.done(conn, t.s().id(), LOGIN)));
    }

    /** The switch done, the user's state, the history entry and the event, in one transaction. */
    private Uni<Void> finish(Switch s, List<String> changed) {
        return pool.withTransaction(conn -> users.lock(conn, s.userId())
                .chain(u -> users.keys(conn, u.id()).chain(keys -> {
                    boolean heldByOperator =
                            u.loginDisabledBy() != null && u.loginDisabledBy().equals("operator")
                                    || keys.stream().anyMatch(k -> "operator".equals(k.disabledBy()));
                    IamUser.State state = s.direction() == Switch.Direction.DISABLE || heldByOperator
                            ? IamUser.State.DISABLED
                            : IamUser.State.ACTIVE;
                    IamUser after = new IamUser(
                            u.id(),
                            u.tenant(),
                            u.accountId(),
                            u.userName(),
                            u.displayName(),
                            u.cloudUserId(),
                            state,
                            null,
                            u.loginAllowed(),
                            u.loginDisabledBy(),
                            u.policies(),
                            u.createdBy(),
                            u.createdAt(),
                            Instant.now());
                    String detail = (s.direction() == Switch.Direction.DISABLE ? "turned off: " : "turned on: ")
                            + (changed.isEmpty() ? "nothing (already so)" : String.join(", ", changed));
                    return users.update(conn, after)
                            .chain(() -> switches.finish(conn, s.id()))
                            .chain(() -> log.record(
                                    conn,
                                    after,
                                    new ActionLog.Entry(
                                            s.direction() == Switch.Direction.DISABLE
                                                    ? ActionLog.Kind.DISABLED
                                                    : ActionLog.Kind.ENABLED,
                                            detail,
                                            s.reason(),
                                            s.alertId(),
                                            s.actor())));
                })));
    }
}
