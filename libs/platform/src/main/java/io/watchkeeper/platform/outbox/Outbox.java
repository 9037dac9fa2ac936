package io.watchkeeper.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes events into the outbox inside the caller's transaction. Call {@link OutboxRelay#wake()} after
 * the transaction commits to publish without waiting for the next poll.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxRepository repository;

    public Outbox(OutboxRepository repository) {
        this.repository = repository;
    }

    public Uni<Void> add(String topic, String key, CloudEvent<?> event) {
        OutboxEvent row = new OutboxEvent();
        row.topic = topic;
        row.recordKey = key;
        row.ceId = event.id();
        row.ceType = event.type().ceType();
        row.ceSource = event.source();
        row.ceTime = event.time();
        row.payload = new String(CloudEventCodec.instance().value(event), StandardCharsets.UTF_8);
        row.createdAt = Instant.now();
        return repository.persist(row).replaceWithVoid();
    }
}
