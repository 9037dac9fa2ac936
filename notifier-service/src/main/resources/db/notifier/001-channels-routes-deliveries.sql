--liquibase formatted sql

--changeset watchkeeper:notifier-1
CREATE TABLE channel (
    id          UUID PRIMARY KEY,
    name        TEXT        NOT NULL UNIQUE,
    type        TEXT        NOT NULL,
    -- the webhook URL (it carries the bot key): AES-GCM sealed, never returned
    secret      TEXT        NOT NULL,
    secret_hint TEXT        NOT NULL,
    settings    TEXT        NOT NULL,
    enabled     BOOLEAN     NOT NULL,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE route (
    id          UUID PRIMARY KEY,
    name        TEXT        NOT NULL,
    position    INT         NOT NULL,
    matchers    TEXT        NOT NULL,
    channel_ids TEXT        NOT NULL,
    continue_matching BOOLEAN NOT NULL,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- the notification log: one row per (alert state, channel); the unique key is the dedup
CREATE TABLE delivery (
    id              UUID PRIMARY KEY,
    alert_id        UUID        NOT NULL,
    alert_status    TEXT        NOT NULL,
    fingerprint     TEXT        NOT NULL,
    channel_id      UUID        NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
    status          TEXT        NOT NULL,
    attempts        INT         NOT NULL,
    last_error      TEXT,
    response        TEXT,
    alert           JSONB       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    UNIQUE (alert_id, alert_status, channel_id)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX delivery_by_alert ON delivery (alert_id, created_at);
--rollback DROP TABLE delivery; DROP TABLE route; DROP TABLE channel;
