package io.watchkeeper.iam.apikey;

import java.time.Instant;
import java.util.List;

/** An API key as kept: its hash, never the key. */
public record ApiKey(
        String id,
        String tenant,
        String name,
        String prefix,
        String sha256,
        List<String> scopes,
        Instant expiresAt,
        String createdBy,
        Instant createdAt,
        String revokedBy,
        Instant revokedAt) {

    public String status(Instant now) {
        return revokedAt != null ? "revoked" : expiresAt != null && !expiresAt.isAfter(now) ? "expired" : "active";
    }
}
