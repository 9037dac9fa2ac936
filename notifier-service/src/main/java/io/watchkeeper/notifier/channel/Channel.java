package io.watchkeeper.notifier.channel;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Where notifications go (Alertmanager's receiver integration). The webhook URL is stored sealed. */
@Entity
@Table(name = "channel")
public class Channel {

    @Id
    public UUID id;

    /** The owner (null: the platform's own); a tenant's one only ever concerns its own tenant's alerts. */
    public String tenant;

    /** Unique within the tenant. */
    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String type;

    /** The sealed webhook URL (it embeds the bot key); null for email channels. */
    @Column
    public String secret;

    @Column(name = "secret_hint")
    public String secretHint;

    /** The sealed signing secret (Feishu, DingTalk, Standard Webhooks); null when the channel does not sign. */
    @Column(name = "signing_secret")
    public String signingSecret;

    /** The sealed JSON of an SMS gateway's request headers (API keys); null otherwise. */
    @Column(name = "secret_headers")
    public String secretHeaders;

    @Convert(converter = ChannelSettings.Converter.class)
    @Column(nullable = false)
    public ChannelSettings settings;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
