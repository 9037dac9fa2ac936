package io.watchkeeper.collector.pingkey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The secret in heartbeat URLs ({@code /ping/{key}/{slug}}); only its hash is stored. */
@Entity
@Table(name = "ping_key")
public class PingKey {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    public String tenant;

    @Column(name = "key_hash", nullable = false, unique = true)
    public String keyHash;

    @Column(name = "key_hint", nullable = false)
    public String keyHint;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
