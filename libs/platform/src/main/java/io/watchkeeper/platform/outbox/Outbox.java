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
    public record Item(String topic, String key, CloudEvent<?> event) {}

    /** The same for code on the reactive SQL client: {@code client} is the connection of the caller's transaction. */
    public Uni<Void> add(SqlClient client, String topic, String key, CloudEvent<?> event) {
        return addAll(client, List.of(new Item(topic, key, event)));
    }

    /**
     * A tombstone for {@code key} on a compacted topic (a record without a value), in the caller's transaction:
     * consumers drop the key, and compaction removes it from the topic.
     */
    public Uni<Void> tombstone(SqlClient client, String topic, String key) {
        return client.preparedQuery(
                        """
                        INSERT INTO outbox_event (id, topic, record_key, ce_id, ce_type, ce_source, ce_time, payload, created_at)
                        VALUES (nextval('outbox_event_seq'), $1, $2, gen_random_uuid()::text, '', '', now(), NULL, now())""")
                .execute(Tuple.of(topic, key))
                .replaceWithVoid();
    }

    /** Several at once, in order (ids follow the list), in one statement. */
    public Uni<Void> addAll(SqlClient client, List<Item> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = items.size();
        String[] topics = new String[n],
                keys = new String[n],
                ids = new String[n],
                types = new String[n],
                sources = new String[n],
                payloads = new String[n];
        java.time.OffsetDateTime[] times = new java.time.OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            topics[i] = item.topic();
            keys[i] = item.key();
            ids[i] = item.event().id();
            types[i] = item.event().type().ceType();
            sources[i] = item.event().source();
            times[i] = item.event().time().atOffset(ZoneOffset.UTC);
            payloads[i] = new String(CloudEventCodec.instance().value(item.event()), StandardCharsets.UTF_8);
        }
        return client.preparedQuery(
                        """
                        INSERT INTO outbox_event (id, topic, record_key, ce_id, ce_type, ce_source, ce_time, payload, created_at)
                        SELECT nextval('outbox_event_seq'), topic, record_key, ce_id, ce_type, ce_source, ce_time, payload, now()
                          FROM (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                                                     $6::timestamptz[], $7::text[]) WITH ORDINALITY
                                       AS u(topic, record_key, ce_id, ce_type, ce_source, ce_time, payload, n)
                                 ORDER BY n) ordered""")
                .execute(Tuple.tuple(List.of(topics, keys, ids, types, sources, times, payloads)))
                .replaceWithVoid();
    }
}
