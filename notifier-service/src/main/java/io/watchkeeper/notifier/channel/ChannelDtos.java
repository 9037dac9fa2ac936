package io.watchkeeper.notifier.channel;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public final class ChannelDtos {

    private ChannelDtos() {}

    /**
     * {@code webhookUrl} and {@code secret} (the signing secret of a Feishu or DingTalk bot, the {@code whsec_}
     * key of a Standard Webhooks endpoint) are secrets: stored sealed, never returned. An email channel has
     * {@code emails} instead of a URL. {@code tenant}: the owner (a tenant's token creates in its own tenant); only
     * that tenant's routes can send to it.
     */
    public record Create(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 63) String tenant,
            @NotBlank String type,
            @Size(max = 2000) String webhookUrl,
            @Size(max = 500) String secret,
            List<@NotNull @Pattern(regexp = "\\+?[0-9]{5,20}|@all", message = "must be a mobile number or @all") String>
                    mentionedMobiles,
            List<@NotBlank String> mentionedUsers,
            @Pattern(regexp = "text|markdown", message = "must be text or markdown") String format,
            @Size(max = 50) List<@NotBlank @Email String> emails,
            @Valid Sms sms,
            @Pattern(regexp = "en|zh", message = "must be en or zh") String language,
            Boolean enabled) {}

    /** An SMS gateway: {@code headers} (API keys) are secret, sealed with the URL and never returned. */
    public record Sms(
            @Size(max = 50)
                    List<@NotNull @Pattern(regexp = "\\+?[0-9]{5,20}", message = "must be a mobile number") String>
                            phones,
            @Pattern(regexp = "POST|PUT|GET", message = "must be POST, PUT or GET") String method,
            @Pattern(
                            regexp = "application/json|application/x-www-form-urlencoded|text/plain",
                            message = "must be application/json, application/x-www-form-urlencoded or text/plain")
                    String contentType,
            @Size(max = 4000) String bodyTemplate,
            Map<@NotBlank String, @NotNull String> headers) {

        public ChannelSettings.Sms settings() {
            return new ChannelSettings.Sms(
                    phones,
                    method == null ? "POST" : method,
                    contentType == null ? "application/json" : contentType,
                    bodyTemplate);
        }
    }

    public record View(
            UUID id,
            String name,
            String tenant,
            String type,
            String webhookHint,
            boolean signed,
            List<String> mentionedMobiles,
            List<String> mentionedUsers,
            String format,
            List<String> emails,
            ChannelSettings.Sms sms,
            String language,
            boolean enabled,
            String createdBy,
            Instant createdAt) {

        static View of(Channel c) {
            return new View(
                    c.id,
                    c.name,
                    c.tenant,
                    c.type,
                    c.secretHint,
                    c.signingSecret != null,
                    c.settings.mentionedMobiles(),
                    c.settings.mentionedUsers(),
                    c.settings.format(),
                    c.settings.emails(),
                    c.settings.sms(),
                    c.settings.language(),
                    c.enabled,
                    c.createdBy,
                    c.createdAt);
        }
    }

    /** What one test message did: delivered or not, the far side's answer, the error. */
    public record TestResult(boolean delivered, String error, String response) {}
}
