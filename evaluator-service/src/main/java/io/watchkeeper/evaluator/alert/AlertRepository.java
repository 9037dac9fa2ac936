package io.watchkeeper.evaluator.alert;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class AlertRepository implements PanacheRepositoryBase<Alert, UUID> {

    /** The episode's row, or else the fingerprint's open row (a series has at most one). */
    Uni<Alert> lockEpisode(String fingerprint, Instant startsAt) {
        return find(
                        "fingerprint = ?1 and (startsAt = ?2 or endsAt is null) order by case when startsAt = ?2 then 0 else 1 end",
                        fingerprint,
                        startsAt)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    Uni<Alert> lockById(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Serialises the firings of one rule across instances, so the daily cap is exact. */
    Uni<Void> lockRule(UUID ruleId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(:k))) l", Long.class)
                        .setParameter("k", ruleId.toString())
                        .getSingleResult())
                .replaceWithVoid();
    }

    Uni<Instant> lastFired(String fingerprint) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                        "select max(firedAt) from Alert where fingerprint = :f", Instant.class)
                .setParameter("f", fingerprint)
                .getSingleResultOrNull());
    }

    Uni<Long> firedSince(UUID ruleId, Instant since) {
        return count("ruleId = ?1 and firedAt >= ?2", ruleId, since);
    }

    public Uni<List<AlertTransition>> history(UUID alertId) {
        return AlertTransition.list("alertId = ?1 order by id", alertId);
    }

    /** Deletes the alerts whose episode ended before {@code before}, their history with them; how many. */
    Uni<Long> deleteEndedBefore(Instant before) {
        return Panache.withTransaction(() -> delete("endsAt < ?1", before));
    }
}
