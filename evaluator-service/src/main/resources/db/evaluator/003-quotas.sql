--liquibase formatted sql

--changeset watchkeeper:evaluator-3
-- what each partition counted for each quota in its current period (checkpointed with the partition)
CREATE TABLE quota_usage (
    quota_id  TEXT    NOT NULL,
    partition INT     NOT NULL,
    period    TEXT    NOT NULL,
    usage     NUMERIC NOT NULL,
    state     BYTEA   NOT NULL,
    PRIMARY KEY (quota_id, partition)
);

-- where each quota's steps stand: the epoch they belong to, the steps fired (step % -> episode start),
-- and for periodic quotas the period and status
CREATE TABLE quota_state (
    quota_id   TEXT PRIMARY KEY,
    epoch      BIGINT      NOT NULL,
    fired      TEXT        NOT NULL,
    period     TEXT,
    status     TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
--rollback DROP TABLE quota_state; DROP TABLE quota_usage;
