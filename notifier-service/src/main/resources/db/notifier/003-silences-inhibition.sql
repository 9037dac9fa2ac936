--liquibase formatted sql

--changeset watchkeeper:notifier-3
-- Alertmanager's silences: matchers muting alerts between starts_at and ends_at
CREATE TABLE silence (
    id         UUID PRIMARY KEY,
    matchers   TEXT        NOT NULL,
    starts_at  TIMESTAMPTZ NOT NULL,
    ends_at    TIMESTAMPTZ NOT NULL,
    created_by TEXT        NOT NULL,
    comment    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX silence_by_end ON silence (ends_at);

-- inhibit rules: a firing source alert mutes target alerts that share the `equal` labels
CREATE TABLE inhibit_rule (
    id              UUID PRIMARY KEY,
    name            TEXT        NOT NULL,
    source_matchers TEXT        NOT NULL,
    target_matchers TEXT        NOT NULL,
    equal_labels    TEXT        NOT NULL,
    created_by      TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);

-- the latest state of every alert the notifier has seen (inhibition looks for firing sources here)
CREATE TABLE alert_state (
    alert_id   UUID PRIMARY KEY,
    status     TEXT        NOT NULL,
    labels     TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX alert_state_open ON alert_state (status) WHERE status IN ('firing', 'acknowledged');
--rollback DROP TABLE alert_state; DROP TABLE inhibit_rule; DROP TABLE silence;
