package io.watchkeeper.iam.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** JSON bodies of {@code /api/v1/api-keys}. */
public final class ApiKeyDtos {

    /** {@code scopes}: ingest:usage, ingest:energy, ingest:events, ingest:alerts. {@code expiresAt}: optional, future. */
    public record Request(
            @NotBlank @Size(max = 100) String name,
            @NotEmpty @Size(max = 10) List<String> scopes,
            String tenant,
            Instant expiresAt) {}

    /** A key as anyone may see it; {@code key} only in the answer that issues it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(
            String id,
            String name,
            String prefix,
            String tenant,
            List<String> scopes,
            Instant expiresAt,
            String status,
            String createdBy,
            Instant createdAt,
            String revokedBy,
            Instant revokedAt,
            String key) {

        static View of(ApiKey k, String key) {
            return new View(
                    k.id(),
                    k.name(),
                    k.prefix(),
                    k.tenant(),
                    k.scopes(),
                    k.expiresAt(),
                    k.status(Instant.now()),
                    k.createdBy(),
                    k.createdAt(),
                    k.revokedBy(),
                    k.revokedAt(),
                    key);
        }

        @Override
        public String toString() {
            return "View[" + id + ", " + prefix + "]";
        }
    }

    private ApiKeyDtos() {}
}
