package io.watchkeeper.collector.pingkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

public final class PingKeyDtos {

    private PingKeyDtos() {}

    public record Create(
            @NotBlank @Size(max = 100) String name,
            @Pattern(
                            regexp = "[a-z0-9][a-z0-9_-]{0,62}",
                            message = "must be a tenant id: lower-case letters, digits, _ or -")
                    String tenant) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(UUID id, String name, String tenant, String keyHint, String createdBy, Instant createdAt) {
        static View of(PingKey key) {
            return new View(key.id, key.name, key.tenant, key.keyHint, key.createdBy, key.createdAt);
        }
    }

    /** The answer to a create: the only time the key itself is returned. */
    public record Created(@JsonUnwrapped View view, String key) {}
}
