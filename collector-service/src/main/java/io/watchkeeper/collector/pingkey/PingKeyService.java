package io.watchkeeper.collector.pingkey;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.platform.crypto.SecretBox;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues ping keys and resolves them on every ping. Resolved keys are cached in memory (a key never
 * changes once issued), so a ping costs no database round trip after the first.
 */
@ApplicationScoped
public class PingKeyService {

    /** What a ping needs to know about its key. */
    public record ResolvedKey(UUID id, String name, String tenant) {}

    /** The placeholder key of heartbeats produced to Kafka (migration 007): it lists them, it authorises nothing. */
    public static final UUID KAFKA = new UUID(0, 0);

    public static ResolvedKey kafka(String tenant) {
        return new ResolvedKey(KAFKA, "kafka", tenant);
    }

    private final PingKeyRepository repository;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ResolvedKey> byHash = new ConcurrentHashMap<>();

    public PingKeyService(PingKeyRepository repository) {
        this.repository = repository;
    }

    /** Creates a key; the returned plaintext is shown to the caller once and never again. */
    @WithTransaction
    public Uni<PingKeyDtos.Created> create(TenantScope scope, PingKeyDtos.Create request, String createdBy) {
        byte[] secret = new byte[18];
        random.nextBytes(secret);
        String plaintext = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        PingKey key = new PingKey();
        key.id = UUID.randomUUID();
        key.name = request.name();
        key.tenant = scope.owner(request.tenant());
        key.keyHash = hash(plaintext);
        key.keyHint = SecretBox.hint(plaintext);
        key.createdBy = createdBy;
        key.createdAt = Instant.now();
        return repository.persist(key).map(saved -> new PingKeyDtos.Created(PingKeyDtos.View.of(saved), plaintext));
    }

    /** The keys of one tenant ({@code null}: every key). */
    public Uni<List<PingKeyDtos.View>> list(String tenant) {
        var sort = io.quarkus.panache.common.Sort.by("createdAt");
        return (tenant == null
                        ? repository.list("id <> ?1", sort, KAFKA)
                        : repository.list("id <> ?1 and tenant = ?2", sort, KAFKA, tenant))
                .map(keys -> keys.stream().map(PingKeyDtos.View::of).toList());
    }

    /** The key a ping URL names, or null when there is none. */
    public Uni<ResolvedKey> resolve(String plaintext) {
        String hash = hash(plaintext);
        ResolvedKey cached = byHash.get(hash);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return repository.findByHash(hash).map(key -> {
            if (key == null) {
                return null;
            }
            ResolvedKey resolved = new ResolvedKey(key.id, key.name, key.tenant);
            byHash.put(hash, resolved);
            return resolved;
        });
    }

    static String hash(String plaintext) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
