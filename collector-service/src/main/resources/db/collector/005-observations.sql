--liquibase formatted sql

--changeset watchkeeper:collector-5
-- raw readings of every successful poll (balance history); pruned after the retention age
CREATE TABLE observation (
    source_id   UUID        NOT NULL REFERENCES source (id) ON DELETE CASCADE,
    metric      TEXT        NOT NULL,
    currency    TEXT        NOT NULL,
    value       NUMERIC     NOT NULL,
    observed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX observation_by_source_time ON observation (source_id, observed_at DESC);
CREATE INDEX observation_by_time ON observation (observed_at);
--rollback DROP TABLE observation;
