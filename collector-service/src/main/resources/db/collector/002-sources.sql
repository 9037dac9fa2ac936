--liquibase formatted sql

--changeset watchkeeper:collector-2
-- A polled source (provider balance, billing). The credential is AES-GCM sealed, never returned.
CREATE TABLE source (
    id                   UUID PRIMARY KEY,
    name                 TEXT        NOT NULL UNIQUE,
    provider             TEXT        NOT NULL,
    base_url             TEXT,
    credential           TEXT        NOT NULL,
    credential_hint      TEXT        NOT NULL,
    poll_interval_ms     BIGINT      NOT NULL,
    labels               TEXT        NOT NULL,
    thresholds           TEXT        NOT NULL,
    settings             TEXT        NOT NULL,
    enabled              BOOLEAN     NOT NULL,
    created_by           TEXT        NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    -- poll state, written by the poller
    next_poll_at         TIMESTAMPTZ NOT NULL,
    last_polled_at       TIMESTAMPTZ,
    last_success_at      TIMESTAMPTZ,
    last_readings        TEXT,
    last_error           TEXT,
    last_error_at        TIMESTAMPTZ,
    consecutive_failures INT         NOT NULL DEFAULT 0,
    last_refresh_at      TIMESTAMPTZ
);
CREATE INDEX source_due ON source (next_poll_at) WHERE enabled;
--rollback DROP TABLE source;
