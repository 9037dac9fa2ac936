package io.watchkeeper.evaluator.alert;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Alert transitions. Each writes the alert, its history and (for published states) its event into the
 * outbox in one transaction, so a state is never stored without being published, nor published without
 * being stored. The engine's transitions name an episode by (fingerprint, startsAt), which makes them
 * idempotent: replaying events after a crash finds the episode's row and changes nothing.
 */
@ApplicationScoped
public class AlertService {

    public static final String ENGINE = "engine";

    /** What the engine knows when a condition holds. */
    public record Firing(
            UUID ruleId,
            String ruleName,
            String type,
            String fingerprint,
            Severity severity,
            String priority,
            String title,
            String message,
            Map<String, String> labels,
            Map<String, String> annotations,
            BigDecimal value,
            BigDecimal threshold,
            Instant startsAt,
            AlertEvent.QuotaRef quota) {

        public Firing {
            startsAt = startsAt.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    /** The result of asking to fire: published, held back (until when), or nothing to do. */
    public sealed interface Outcome {
        /** {@code replay}: the episode had fired before (events replayed after a restart); nothing new. */
        record Fired(UUID alertId, boolean replay) implements Outcome {}

        record Suppressed(UUID alertId, Instant until, String reason) implements Outcome {}

        /** The episode was already closed (resolved or ignored by hand, or replayed). */
        record Closed() implements Outcome {}
    }

    private final AlertRepository repository;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public AlertService(AlertRepository repository, Outbox outbox, OutboxRelay relay) {
        this.repository = repository;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** Records a pending episode (inside {@code for}); nothing is published. */
    public Uni<Void> pending(Firing f) {
        return Panache.withTransaction(
                () -> repository.lockEpisode(f.fingerprint(), f.startsAt()).chain(row -> {
                    if (row != null) {
                        return Uni.createFrom().voidItem();
                    }
                    Alert a = newAlert(f, AlertState.PENDING);
                    return repository.persist(a).chain(() -> record(a, null, ENGINE, null, a.updatedAt));
                }));
    }

    /**
     * Fires the episode unless the series is inside its cooldown or the rule has reached its daily cap:
     * then it is recorded as suppressed until that ends, and the engine asks again.
     */
    public Uni<Outcome> fire(Firing f, Duration cooldown, int maxPerDay) {
        return Panache.<Outcome>withTransaction(() -> repository
                        .lockRule(f.ruleId())
                        .chain(() -> repository.lockEpisode(f.fingerprint(), f.startsAt()))
                        .chain(row -> {
                            if (row != null && row.status.isNotified()) {
                                return Uni.createFrom().item(new Outcome.Fired(row.id, true));
                            }
                            if (row != null && row.endsAt != null) {
                                return Uni.createFrom().item(new Outcome.Closed());
                            }
                            Instant now = now();
                            Instant today = now.atOffset(ZoneOffset.UTC)
                                    .truncatedTo(ChronoUnit.DAYS)
                                    .toInstant();
                            // one after the other: a reactive session runs one query at a time
                            Uni<Instant> lastFired = cooldown.isZero()
                                    ? Uni.createFrom().nullItem()
                                    : repository.lastFired(f.fingerprint());
                            return lastFired
                                    .chain(last -> repository
                                            .firedSince(f.ruleId(), today)
                                            .map(firedToday -> {
                                                if (last != null
                                                        && last.plus(cooldown).isAfter(now)) {
                                                    return new Outcome.Suppressed(
                                                            null, last.plus(cooldown), "cooldown");
                                                }
                                                if (firedToday >= maxPerDay) {
                                                    return new Outcome.Suppressed(
                                                            null, today.plus(1, ChronoUnit.DAYS), "daily_cap");
                                                }
                                                return (Outcome.Suppressed) null;
                                            }))
                                    .chain(held ->
                                            held == null ? publishFiring(f, row, now) : suppress(f, row, held, now));
                        }))
                .invoke(relay::wake);
    }

    private Uni<Outcome> publishFiring(Firing f, Alert row, Instant now) {
        Alert a = row == null ? newAlert(f, AlertState.FIRING) : row;
        AlertState from = row == null ? null : row.status;
        a.status = AlertState.FIRING;
        a.firedAt = now;
        a.suppressedUntil = null;
        a.suppressedReason = null;
        a.value = f.value();
        a.version++;
        a.updatedAt = now;
        Uni<?> saved = row == null ? repository.persist(a) : Uni.createFrom().voidItem();
        return saved.chain(() -> record(a, from, ENGINE, null, now))
                .chain(() -> publish(a))
                .replaceWith(new Outcome.Fired(a.id, false));
    }

    private Uni<Outcome> suppress(Firing f, Alert row, Outcome.Suppressed held, Instant now) {
        Alert a = row == null ? newAlert(f, AlertState.SUPPRESSED) : row;
        AlertState from = row == null ? null : row.status;
        boolean changed = from != AlertState.SUPPRESSED;
        a.status = AlertState.SUPPRESSED;
        a.suppressedUntil = held.until();
        a.suppressedReason = held.reason();
        a.updatedAt = now;
        Uni<?> saved = row == null ? repository.persist(a) : Uni.createFrom().voidItem();
        return saved.chain(() -> changed
                        ? record(a, from, ENGINE, held.reason() + " until " + held.until(), now)
                        : Uni.createFrom().voidItem())
                .replaceWith(new Outcome.Suppressed(a.id, held.until(), held.reason()));
    }

    /**
     * The condition cleared: a firing or acknowledged alert resolves (published), a suppressed one ends
     * quietly, a pending one never became an alert and is removed. Closed episodes are left alone.
     */
    public Uni<Void> close(String fingerprint, Instant startsAt, String message) {
        Instant episode = startsAt.truncatedTo(ChronoUnit.MILLIS);
        return Panache.withTransaction(
                        () -> repository.lockEpisode(fingerprint, episode).chain(a -> {
                            if (a == null || a.endsAt != null) {
                                return Uni.createFrom().voidItem();
                            }
                            if (a.status == AlertState.PENDING) {
                                return repository.delete(a);
                            }
                            Instant now = now();
                            AlertState from = a.status;
                            a.endsAt = now;
                            a.updatedAt = now;
                            if (message != null) {
                                a.message = message;
                            }
                            if (from == AlertState.SUPPRESSED) {
                                return record(a, from, ENGINE, "condition cleared", now);
                            }
                            a.status = AlertState.RESOLVED;
                            a.version++;
                            return record(a, from, ENGINE, "condition cleared", now)
                                    .chain(() -> publish(a));
                        }))
                .invoke(relay::wake);
    }

    /**
     * Publishes an open alert again with new words (and severity, value, annotations, quota step if given): a
     * renewal reminder that repeats, an event that joins the alert, a periodic quota going from warning to exceeded.
     * Closed alerts are left alone.
     */
    public Uni<Void> refresh(
            String fingerprint,
            Instant startsAt,
            Severity severity,
            String title,
            String message,
            BigDecimal value,
            Map<String, String> annotations,
            AlertEvent.QuotaRef quota) {
        Instant episode = startsAt.truncatedTo(ChronoUnit.MILLIS);
        return Panache.withTransaction(
                        () -> repository.lockEpisode(fingerprint, episode).chain(a -> {
                            if (a == null || !a.status.isNotified() || a.endsAt != null) {
                                return Uni.createFrom().voidItem();
                            }
                            Instant now = now();
                            a.title = title;
                            a.message = message;
                            a.severity = severity == null ? a.severity : severity;
                            a.value = value == null ? a.value : value;
                            a.annotations = annotations == null ? a.annotations : annotations;
                            a.quota = quota == null ? a.quota : quota;
                            a.version++;
                            a.updatedAt = now;
                            return record(a, a.status, ENGINE, "updated: " + title, now)
                                    .chain(() -> publish(a));
                        }))
                .invoke(relay::wake);
    }

    public Uni<AlertDtos.View> acknowledge(TenantScope scope, UUID id, String user) {
        return byHand(scope, id, user, AlertState.ACKNOWLEDGED, Set.of(AlertState.FIRING));
    }

    public Uni<AlertDtos.View> resolve(TenantScope scope, UUID id, String user) {
        return byHand(scope, id, user, AlertState.RESOLVED, Set.of(AlertState.FIRING, AlertState.ACKNOWLEDGED));
    }

    public Uni<AlertDtos.View> ignore(TenantScope scope, UUID id, String user) {
        return byHand(
                scope,
                id,
                user,
                AlertState.IGNORED,
                Set.of(AlertState.PENDING, AlertState.FIRING, AlertState.ACKNOWLEDGED, AlertState.SUPPRESSED));
    }

    /**
     * A person's transition. Asking for the state the alert is already in changes nothing (a retried
     * request); any other state that does not allow it is a 409. Another tenant's alert is a 404.
     */
    private Uni<AlertDtos.View> byHand(
            TenantScope scope, UUID id, String user, AlertState to, Set<AlertState> allowedFrom) {
        return Panache.withTransaction(() -> repository
                        .lockById(id)
                        .map(a -> scope.visible(a, a == null ? null : a.tenant(), "alert", id))
                        .chain(a -> {
                            if (a.status == to) {
                                return Uni.createFrom().item(a);
                            }
                            if (!allowedFrom.contains(a.status)) {
                                return Uni.createFrom()
                                        .failure(ProblemException.conflict("the alert is " + a.status.wireName()
                                                + "; it cannot become " + to.wireName()));
                            }
                            Instant now = now();
                            AlertState from = a.status;
                            boolean published = a.firedAt != null && from.isNotified();
                            a.status = to;
                            a.updatedAt = now;
                            if (to == AlertState.ACKNOWLEDGED) {
                                a.acknowledgedBy = user;
                                a.acknowledgedAt = now;
                            } else {
                                a.endsAt = now;
                            }
                            if (published) {
                                a.version++;
                            }
                            return record(a, from, user, null, now)
                                    .chain(() -> published
                                            ? publish(a)
                                            : Uni.createFrom().voidItem())
                                    .replaceWith(a);
                        }))
                .invoke(relay::wake)
                .map(AlertDtos.View::of);
    }

    private static Alert newAlert(Firing f, AlertState state) {
        Alert a = new Alert();
        a.id = UUID.randomUUID();
        a.fingerprint = f.fingerprint();
        a.ruleId = f.ruleId();
        a.ruleName = f.ruleName();
        a.type = f.type();
        a.status = state;
        a.severity = f.severity();
        a.priority = f.priority();
        a.title = f.title();
        a.message = f.message();
        a.labels = f.labels();
        a.annotations = f.annotations();
        a.value = f.value();
        a.threshold = f.threshold();
        a.startsAt = f.startsAt().truncatedTo(ChronoUnit.MILLIS);
        a.quota = f.quota();
        a.version = 0;
        a.updatedAt = now();
        return a;
    }

    private Uni<Void> record(Alert a, AlertState from, String actor, String note, Instant at) {
        return AlertTransition.of(a, from, actor, note, at).persist().replaceWithVoid();
    }

    private Uni<Void> publish(Alert a) {
        return outbox.add(Topics.ALERTS, a.fingerprint, AlertEvents.cloudEvent(a));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
