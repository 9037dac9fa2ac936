--liquibase formatted sql

--changeset watchkeeper:evaluator-5
-- the remediation runs the notifier reports on wk.deliveries.v1: each alert's action_taken
CREATE TABLE alert_action (
    event_id  TEXT PRIMARY KEY, -- the entry's ce_id: an entry read twice is recorded once
    alert_id  UUID        NOT NULL,
    action_id TEXT        NOT NULL,
    name      TEXT        NOT NULL,
    result    TEXT        NOT NULL,
    trigger   TEXT        NOT NULL,
    actor     TEXT        NOT NULL,
    detail    TEXT,
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX alert_action_by_alert ON alert_action (alert_id, at);
--rollback DROP TABLE alert_action;
