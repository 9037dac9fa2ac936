--liquibase formatted sql

--changeset watchkeeper:collector-1
-- A ping key is a secret in the ping URL: only its SHA-256 and a hint are kept.
CREATE TABLE ping_key (
    id         UUID PRIMARY KEY,
    name       TEXT        NOT NULL,
    tenant     TEXT,
    key_hash   TEXT        NOT NULL UNIQUE,
    key_hint   TEXT        NOT NULL,
    created_by TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- A check is provisioned by its first ping; last_ping_at is written in batches.
CREATE TABLE heartbeat_check (
    ping_key_id   UUID        NOT NULL REFERENCES ping_key (id) ON DELETE CASCADE,
    slug          TEXT        NOT NULL,
    tenant        TEXT,
    first_ping_at TIMESTAMPTZ NOT NULL,
    last_ping_at  TIMESTAMPTZ NOT NULL,
    pings         BIGINT      NOT NULL,
    PRIMARY KEY (ping_key_id, slug)
);
CREATE INDEX heartbeat_check_tenant ON heartbeat_check (tenant, slug);
--rollback DROP TABLE heartbeat_check; DROP TABLE ping_key;
