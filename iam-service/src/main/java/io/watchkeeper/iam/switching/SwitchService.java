package io.watchkeeper.iam.switching;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.iam.user.IamUser;
import io.watchkeeper.iam.user.UserRepository;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Records switches — from a quota's exhaustion, a quota's new allocation, or an operator — and hands them to the
 * {@link SwitchWorker}. Recording is idempotent for quotas: one disable per (user, quota, epoch), one enable per
 * (user, quota, epoch), however often the alert or the quota is delivered.
 */
@ApplicationScoped
public class SwitchService {

    static final String SUBJECT_TYPE = "cloud_subaccount";
    static final String SYSTEM = "watchkeeper";

    private final Pool pool;
    private final UserRepository users;
    private final SwitchRepository switches;
    private final SwitchWorker worker;
    private final Counter unmatched;

    public SwitchService(
            Pool pool, UserRepository users, SwitchRepository switches, SwitchWorker worker, MeterRegistry registry) {
        this.pool = pool;
        this.users = users;
        this.switches = switches;
        this.worker = worker;
        this.unmatched = Counter.builder("watchkeeper_iam_unmatched_subjects_total")
                .description("quota exhaustions with autoDisable whose subject names no known IAM user")
                .register(registry);
    }

    /**
     * A firing {@code quota_exhausted} alert whose quota has autoDisable and a cloud sub-account as subject: a disable
     * of every user the subject names. Other alerts pass by; so does the exhaustion of an epoch a newer allocation
     * already ended.
     */
    public Uni<Void> quotaExhausted(AlertEvent alert) {
        AlertEvent.QuotaRef quota = alert.quota();
        if (!"quota_exhausted".equals(alert.type())
                || alert.status() != AlertStatus.FIRING
                || quota == null
                || !Boolean.TRUE.equals(quota.autoDisable())
                || !SUBJECT_TYPE.equals(alert.labels().get("subject_type"))) {
            return Uni.createFrom().voidItem();
        }
        String subject = alert.labels().get("subject_id");
        BigDecimal used = alert.value();
        return switches.seen(quota.quotaId()).chain(seen -> {
            if (seen != null
                    && seen.getKey() > quota.epoch()
                    && used != null
                    && seen.getValue().compareTo(used) > 0) {
                return Uni.createFrom().voidItem(); // a newer allocation already covers what exhausted this epoch
            }
            return users.bySubject(alert.labels().get(TenantScope.LABEL), subject)
                    .chain(found -> {
                        if (found.isEmpty()) {
                            unmatched.increment();
                            Log.warnf(
                                    "quota %s is exhausted and disables its subject, but %s names no IAM user",
                                    quota.quotaId(), subject);
                            return Uni.createFrom().voidItem();
                        }
                        String reason = "quota " + quota.quotaId() + " exhausted: " + plain(quota.usedPct())
                                + "% of allocation epoch " + quota.epoch() + " used";
                        return record(
                                found,
                                u -> new Switch(
                                        UUID.randomUUID().toString(),
                                        u.id(),
                                        Switch.Direction.DISABLE,
                                        Switch.Cause.QUOTA,
                                        quota.quotaId(),
                                        quota.epoch(),
                                        used,
                                        alert.alertId().toString(),
                                        reason,
                                        SYSTEM,
                                        0,
                                        null,
                                        Instant.now()));
                    });
        });
    }

    /**
     * A quota's definition: remembered; when its epoch is newer than the one that disabled a user and its allocation
     * now exceeds what was used then, an enable of that user (which turns on only what the quota turned off).
     */
    public Uni<Void> quotaChanged(QuotaEvent quota) {
        return switches.seen(pool, quota.quotaId(), quota.epoch(), quota.allocated())
                .chain(() -> switches.latestByQuota(quota.quotaId()))
                .chain(latest -> {
                    List<Switch> back = latest.stream()
                            .filter(s -> s.direction() == Switch.Direction.DISABLE
                                    && s.epoch() != null
                                    && quota.epoch() > s.epoch()
                                    && (s.used() == null || quota.allocated().compareTo(s.used()) > 0))
                            .toList();
                    return Multi.createFrom()
                            .iterable(back)
                            .onItem()
                            .transformToUniAndConcatenate(s -> pool.withTransaction(conn -> switches.insert(
                                    conn,
                                    new Switch(
                                            UUID.randomUUID().toString(),
                                            s.userId(),
                                            Switch.Direction.ENABLE,
                                            Switch.Cause.QUOTA,
                                            quota.quotaId(),
                                            quota.epoch(),
                                            null,
                                            null,
                                            "quota " + quota.quotaId() + " allocation epoch " + quota.epoch() + " ("
                                                    + plain(quota.allocated()) + ") is above the " + plain(s.used())
                                                    + " used when it was exhausted",
                                            SYSTEM,
                                            0,
                                            null,
                                            Instant.now()))))
                            .collect()
                            .last()
                            .invoke(() -> {
                                if (!back.isEmpty()) {
                                    worker.wake();
                                }
                            })
                            .replaceWithVoid();
                });
    }

    /** An operator switches a user off or on: recorded, then tried at once; whether it is done already. */
    public Uni<Boolean> byOperator(IamUser user, Switch.Direction direction, String reason, String actor) {
        if (user.state() == IamUser.State.PROVISIONING) {
            throw ProblemException.conflict(
                    "user " + user.userName() + " has no access key yet: finish its creation first"
                            + " (POST /api/v1/iam-users/" + user.id() + "/access-keys)");
        }
        Switch s = new Switch(
                UUID.randomUUID().toString(),
                user.id(),
                direction,
                Switch.Cause.OPERATOR,
                null,
                null,
                null,
                null,
                reason == null || reason.isBlank() ? direction.wire() + "d by " + actor : reason,
                actor,
                0,
                null,
                Instant.now());
        return pool.withTransaction(conn -> switches.insert(conn, s)).chain(() -> worker.runNow(s.id()));
    }

    private Uni<Void> record(List<IamUser> found, java.util.function.Function<IamUser, Switch> switchOf) {
        return pool.withTransaction(conn -> Multi.createFrom()
                        .iterable(found)
                        .onItem()
                        .transformToUniAndConcatenate(u -> switches.insert(conn, switchOf.apply(u)))
                        .collect()
                        .asList())
                .invoke(inserted -> {
                    if (inserted.contains(true)) {
                        worker.wake();
                    }
                })
                .replaceWithVoid();
    }

    private static String plain(BigDecimal n) {
        return n == null ? "?" : n.stripTrailingZeros().toPlainString();
    }
}
