package io.watchkeeper.evaluator.alert;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.AlertStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class AlertRepository implements PanacheRepositoryBase<Alert, UUID> {

    private static final List<AlertStatus> OPEN = List.of(AlertStatus.FIRING, AlertStatus.ACKNOWLEDGED);

    public Uni<Alert> findOpen(String fingerprint) {
        return find("fingerprint = ?1 and status in ?2", fingerprint, OPEN)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<List<Alert>> listOpen() {
        return list("status in ?1", OPEN);
    }

    public Uni<Alert> lockById(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
