package io.watchkeeper.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Data of the compacted {@code wk.api-keys.v1} (key: the API key's id; a tombstone when it is revoked): what every
 * service that accepts API keys needs to check one — the SHA-256 of the key (never the key), its visible prefix,
 * tenant (null: platform-wide), scopes and expiry.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyEvent(
        String keyId,
        String name,
        String prefix,
        String sha256,
        String tenant,
        List<String> scopes,
        Instant expiresAt) {

    public ApiKeyEvent {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }
}
