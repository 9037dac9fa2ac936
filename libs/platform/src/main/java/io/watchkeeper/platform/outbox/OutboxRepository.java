package io.watchkeeper.platform.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes outbox rows from a Hibernate Reactive transaction ({@link Outbox#add}); the relay reads them with SQL. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEvent> {}
