package io.watchkeeper.collector.pingkey;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class PingKeyRepository implements PanacheRepositoryBase<PingKey, UUID> {

    public Uni<PingKey> findByHash(String keyHash) {
        return find("keyHash", keyHash).firstResult();
    }
}
