package io.watchkeeper.iam.apikey;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.ApiKeyEvent;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import io.watchkeeper.platform.security.apikey.ApiKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * API keys for machine clients: issued (the key shown once, its SHA-256 kept), listed, revoked. Each change is
 * committed with its record on the compacted {@code wk.api-keys.v1} (the key's facts; a tombstone when revoked),
 * which every service that accepts keys follows in memory (libs/platform ApiKeyDirectory).
 */
@ApplicationScoped
public class ApiKeyService {

    static final String SOURCE = "/watchkeeper/iam";

    private final Pool pool;
    private final ApiKeyRepository keys;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public ApiKeyService(Pool pool, ApiKeyRepository keys, Outbox outbox, OutboxRelay relay) {
        this.pool = pool;
        this.keys = keys;
        this.outbox = outbox;
        this.relay = relay;
    }

    public Uni<ApiKeyDtos.View> issue(TenantScope scope, ApiKeyDtos.Request request, String user) {
        String tenant = scope.owner(request.tenant());
        List<String> scopes = request.scopes().stream().distinct().sorted().toList();
        for (String s : scopes) {
            if (!ApiKeys.SCOPES.contains(s)) {
                throw ProblemException.invalid(
                        "scopes",
                        "unknown scope " + s + "; one of "
                                + String.join(
                                        ", ", ApiKeys.SCOPES.stream().sorted().toList()));
            }
        }
        Instant now = Instant.now();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw ProblemException.invalid("expiresAt", "must be in the future");
        }
        String key = ApiKeys.generate();
        ApiKey issued = new ApiKey(
                UUID.randomUUID().toString(),
                tenant,
                request.name().trim(),
                ApiKeys.prefix(key),
                ApiKeys.sha256(key),
                scopes,
                request.expiresAt(),
                user,
                now,
                null,
                null);
        ApiKeyEvent event = new ApiKeyEvent(
                issued.id(), issued.name(), issued.prefix(), issued.sha256(), tenant, scopes, issued.expiresAt());
        return pool.withTransaction(conn -> keys.insert(conn, issued)
                        .chain(() -> outbox.add(conn, Topics.API_KEYS, issued.id(), CloudEvent.of(SOURCE, event))))
                .invoke(relay::wake)
                .replaceWith(ApiKeyDtos.View.of(issued, key));
    }

    /** Revokes a key (again: nothing more happens); every service refuses it within seconds. */
    public Uni<Void> revoke(TenantScope scope, String id, String user) {
        return visible(scope, id)
                .chain(k -> pool.withTransaction(conn -> keys.revoke(conn, id, user, Instant.now())
                        .call(revoked -> revoked
                                ? outbox.tombstone(conn, Topics.API_KEYS, id)
                                : Uni.createFrom().voidItem())))
                .invoke(relay::wake)
                .replaceWithVoid();
    }

    public Uni<Page<ApiKeyDtos.View>> list(TenantScope scope, String tenant, boolean withRevoked, int page, int size) {
        return keys.list(scope.filter(tenant), withRevoked, page, size)
                .map(p -> p.map(k -> ApiKeyDtos.View.of(k, null)));
    }

    public Uni<ApiKeyDtos.View> get(TenantScope scope, String id) {
        return visible(scope, id).map(k -> ApiKeyDtos.View.of(k, null));
    }

    private Uni<ApiKey> visible(TenantScope scope, String id) {
        return keys.find(id).map(k -> scope.visible(k, k == null ? null : k.tenant(), "API key", id));
    }
}
