package io.watchkeeper.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

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

    /** An event to publish: where, under which key. */
    public record Item(String topic, String key, CloudEvent<?> event) {
    }

    /** The same for code on the reactive SQL client: {@code client} is the connection of the caller's transaction. */
    public Uni<Void> add(SqlClient client, String topic, String key, CloudEvent<?> event) {
        return addAll(client, List.of(new Item(topic, key, event)));
    }

    /** Several at once, in order, in one round trip. */
    public Uni<Void> addAll(SqlClient client, List<Item> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("""
                        INSERT INTO outbox_event (id, topic, record_key, ce_id, ce_type, ce_source, ce_time, payload, created_at)
                        VALUES (nextval('outbox_event_seq'), $1, $2, $3, $4, $5, $6, $7, now())""")
                .executeBatch(items.stream().map(i -> Tuple.tuple(List.of(i.topic(), i.key(), i.event().id(),
                        i.event().type().ceType(), i.event().source(), i.event().time().atOffset(ZoneOffset.UTC),
                        new String(CloudEventCodec.instance().value(i.event()), StandardCharsets.UTF_8)))).toList())
                .replaceWithVoid();
    }
}
