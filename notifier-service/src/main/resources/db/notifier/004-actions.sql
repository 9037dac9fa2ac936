--liquibase formatted sql

--changeset watchkeeper:notifier-4
-- remediation actions: what to do for which alerts, automatically or by hand
CREATE TABLE action (
    id               UUID PRIMARY KEY,
    name             TEXT        NOT NULL UNIQUE,
    type             TEXT        NOT NULL,
    matchers         TEXT        NOT NULL,
    automatic        BOOLEAN     NOT NULL,
    cooldown_seconds INT         NOT NULL,
    target           TEXT        NOT NULL,
    -- an http action's URL and headers: AES-GCM sealed, never returned
    secret           TEXT,
    created_by       TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);

-- every execution: who, why, what happened
CREATE TABLE action_run (
    id         UUID PRIMARY KEY,
    action_id  UUID        NOT NULL REFERENCES action (id) ON DELETE CASCADE,
    alert_id   UUID        NOT NULL,
    target_key TEXT        NOT NULL,
    trigger    TEXT        NOT NULL,
    actor      TEXT        NOT NULL,
    result     TEXT        NOT NULL,
    detail     TEXT,
    at         TIMESTAMPTZ NOT NULL
);
-- an automatic action runs once per alert, however often its events arrive
CREATE UNIQUE INDEX action_run_automatic_once ON action_run (action_id, alert_id) WHERE trigger = 'automatic';
CREATE INDEX action_run_by_target ON action_run (target_key, at);
CREATE INDEX action_run_by_alert ON action_run (alert_id, at);

-- the latest event of each alert, so POST /alerts/{id}/handle knows the alert
ALTER TABLE alert_state ADD COLUMN alert TEXT;
--rollback DROP TABLE action_run; DROP TABLE action; ALTER TABLE alert_state DROP COLUMN alert;
