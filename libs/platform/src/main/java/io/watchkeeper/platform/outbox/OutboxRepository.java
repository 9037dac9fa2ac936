package io.watchkeeper.platform.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEvent> {

    /** The oldest unpublished events, locked so a second relay instance waits instead of reordering. */
    Uni<List<OutboxEvent>> lockNextBatch(int size) {
        return find("publishedAt is null order by id").withLock(LockModeType.PESSIMISTIC_WRITE).page(0, size).list();
    }

    Uni<Integer> markPublished(List<Long> ids, Instant at) {
        return update("publishedAt = ?1 where id in ?2", at, ids);
    }

    /** Drops published events older than {@code before}: they are on Kafka, the table is only a buffer. */
    Uni<Long> prunePublished(Instant before) {
        return delete("publishedAt is not null and publishedAt < ?1", before);
    }
}
