package io.watchkeeper.evaluator.alert;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Alert transitions. Each one writes the alert and its event into the outbox in one transaction, so an
 * alert state is never stored without being published, nor published without being stored.
 */
@ApplicationScoped
public class AlertService {

    /** What the engine knows when a condition starts to hold. */
    public record Firing(UUID ruleId, String ruleName, String type, String fingerprint, Severity severity,
            String title, String message, Map<String, String> labels, Map<String, String> annotations,
            BigDecimal value, BigDecimal threshold, Instant startsAt) {
    }

    private final AlertRepository repository;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public AlertService(AlertRepository repository, Outbox outbox, OutboxRelay relay) {
        this.repository = repository;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** Opens an alert unless one is already open for the fingerprint; the open alert's id either way. */
    public Uni<UUID> fire(Firing f) {
        return Panache.withTransaction(() -> repository.findOpen(f.fingerprint()).chain(open -> {
            if (open != null) {
                return Uni.createFrom().item(open.id);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Alert a = new Alert();
            a.id = UUID.randomUUID();
            a.fingerprint = f.fingerprint();
            a.ruleId = f.ruleId();
            a.ruleName = f.ruleName();
            a.type = f.type();
            a.status = AlertStatus.FIRING;
            a.severity = f.severity();
            a.title = f.title();
            a.message = f.message();
            a.labels = f.labels();
            a.annotations = f.annotations();
            a.value = f.value();
            a.threshold = f.threshold();
            a.startsAt = f.startsAt().truncatedTo(ChronoUnit.MILLIS);
            a.version = 1;
            a.updatedAt = now;
            return repository.persist(a).call(() -> publish(a)).map(saved -> a.id);
        })).invoke(relay::wake);
    }

    /** Resolves the alert if it is still open; resolving a closed alert does nothing. */
    public Uni<Void> resolve(UUID alertId, String message) {
        return Panache.withTransaction(() -> repository.lockById(alertId).chain(a -> {
            if (a == null || !a.status.isOpen()) {
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            a.status = AlertStatus.RESOLVED;
            a.endsAt = now;
            a.updatedAt = now;
            a.version++;
            if (message != null) {
                a.message = message;
            }
            return publish(a);
        })).invoke(relay::wake);
    }

    /** Fingerprint → id of every open alert, for the engine's start-up. */
    public Uni<Map<String, UUID>> openByFingerprint() {
        return Panache.withSession(repository::listOpen).map(open -> {
            Map<String, UUID> byFingerprint = new HashMap<>();
            open.forEach(a -> byFingerprint.put(a.fingerprint, a.id));
            return byFingerprint;
        });
    }

    public Uni<AlertDtos.View> get(UUID id) {
        return Panache.withSession(() -> repository.findById(id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("alert", id))
                .map(AlertDtos.View::of);
    }

    public Uni<Page<AlertDtos.View>> list(AlertDtos.Filter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.status() != null) {
            where.add("status = :status");
            params.put("status", filter.status());
        }
        if (filter.severity() != null) {
            where.add("severity = :severity");
            params.put("severity", filter.severity());
        }
        if (filter.type() != null) {
            where.add("type = :type");
            params.put("type", filter.type());
        }
        if (filter.ruleId() != null) {
            where.add("ruleId = :ruleId");
            params.put("ruleId", filter.ruleId());
        }
        String query = (where.isEmpty() ? "" : String.join(" and ", where)) ;
        String ordered = (query.isEmpty() ? "" : query + " ") + "order by startsAt desc, id";
        return Panache.withSession(() -> Uni.combine().all().unis(
                        repository.find(ordered, params).page(page, size).list(),
                        query.isEmpty() ? repository.count() : repository.count(query, params))
                .with((alerts, total) -> new Page<>(alerts.stream().map(AlertDtos.View::of).toList(), total, page, size)));
    }

    private Uni<Void> publish(Alert a) {
        return outbox.add(Topics.ALERTS, a.fingerprint, AlertEvents.cloudEvent(a));
    }
}
