package io.watchkeeper.notifier.channel;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class ChannelDtos {

    private ChannelDtos() {
    }

    /** {@code webhookUrl} is a secret: stored sealed, never returned (only {@code webhookHint}). */
    public record Create(
            @NotBlank @Size(max = 100) String name,
            @NotBlank String type,
            @NotBlank @Size(max = 2000) String webhookUrl,
            List<@NotNull @Pattern(regexp = "\\+?[0-9]{5,20}|@all", message = "must be a mobile number or @all") String> mentionedMobiles,
            List<@NotBlank String> mentionedUsers,
            Boolean enabled) {
    }

    public record View(UUID id, String name, String type, String webhookHint, List<String> mentionedMobiles,
            List<String> mentionedUsers, boolean enabled, String createdBy, Instant createdAt) {

        static View of(Channel c) {
            return new View(c.id, c.name, c.type, c.secretHint, c.settings.mentionedMobiles(),
                    c.settings.mentionedUsers(), c.enabled, c.createdBy, c.createdAt);
        }
    }
}
