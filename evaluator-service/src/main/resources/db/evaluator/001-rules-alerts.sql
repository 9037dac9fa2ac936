--liquibase formatted sql

--changeset watchkeeper:evaluator-1
CREATE TABLE rule (
    id            UUID PRIMARY KEY,
    name          TEXT        NOT NULL,
    description   TEXT,
    type          TEXT        NOT NULL,
    metric        TEXT        NOT NULL,
    matchers      TEXT        NOT NULL,
    grace_seconds BIGINT,
    severity      TEXT        NOT NULL,
    labels        JSONB       NOT NULL,
    annotations   JSONB       NOT NULL,
    enabled       BOOLEAN     NOT NULL,
    created_by    TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE alert (
    id              UUID PRIMARY KEY,
    fingerprint     TEXT        NOT NULL,
    rule_id         UUID        NOT NULL,
    rule_name       TEXT        NOT NULL,
    type            TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    severity        TEXT        NOT NULL,
    title           TEXT        NOT NULL,
    message         TEXT,
    labels          JSONB       NOT NULL,
    annotations     JSONB       NOT NULL,
    value           NUMERIC,
    threshold       NUMERIC,
    starts_at       TIMESTAMPTZ NOT NULL,
    ends_at         TIMESTAMPTZ,
    acknowledged_by TEXT,
    acknowledged_at TIMESTAMPTZ,
    version         INT         NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
-- at most one open (firing or acknowledged) alert per fingerprint
CREATE UNIQUE INDEX alert_one_open_per_fingerprint ON alert (fingerprint) WHERE status IN ('firing', 'acknowledged');
CREATE INDEX alert_by_status_time ON alert (status, starts_at DESC);
CREATE INDEX alert_by_rule ON alert (rule_id, starts_at DESC);

-- checkpoint of the engine's per-series state (last observation per rule and series)
CREATE TABLE series_state (
    rule_id     UUID        NOT NULL REFERENCES rule (id) ON DELETE CASCADE,
    fingerprint TEXT        NOT NULL,
    labels      JSONB       NOT NULL,
    last_seen   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (rule_id, fingerprint)
);
--rollback DROP TABLE series_state; DROP TABLE alert; DROP TABLE rule;
