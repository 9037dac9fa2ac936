package io.watchkeeper.notifier.channel;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The {@code channel} table; every write to it goes through here. */
@ApplicationScoped
@WithSession
public class ChannelRepository implements PanacheRepositoryBase<Channel, UUID> {

    /** Stops all sending to a channel (its endpoint said it is gone), in a transaction of its own. */
    public Uni<Void> disable(UUID id) {
        return Panache.withTransaction(() -> update("enabled = false where id = ?1", id))
                .replaceWithVoid();
    }
}
