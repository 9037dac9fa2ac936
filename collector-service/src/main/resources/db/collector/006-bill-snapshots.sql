--liquibase formatted sql

--changeset watchkeeper:collector-6
-- spend per bill period (YYYY-MM) per sub-account and project, as last polled: the monthly snapshot
CREATE TABLE bill_snapshot (
    source_id   UUID        NOT NULL REFERENCES source (id) ON DELETE CASCADE,
    bill_period TEXT        NOT NULL,
    sub_account TEXT        NOT NULL,
    project     TEXT        NOT NULL,
    amount      NUMERIC     NOT NULL,
    currency    TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source_id, bill_period, sub_account, project)
);
--rollback DROP TABLE bill_snapshot;
