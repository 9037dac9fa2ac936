--liquibase formatted sql

--changeset watchkeeper:quota-1 splitStatements:false
-- defaults of quotas that set none of their own: one row per tenant, '' for the platform's
CREATE TABLE quota_settings (
    tenant       TEXT PRIMARY KEY,
    thresholds   TEXT        NOT NULL,
    monitor      BOOLEAN     NOT NULL,
    auto_disable BOOLEAN     NOT NULL,
    updated_by   TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- quota definitions; a deleted quota keeps its row (deleted_at) and its ledger
CREATE TABLE quota (
    id           TEXT PRIMARY KEY,
    tenant       TEXT,
    subject_type TEXT        NOT NULL,
    subject_id   TEXT        NOT NULL,
    metric       TEXT        NOT NULL,
    labels       JSONB       NOT NULL,
    unit         TEXT,
    thresholds   TEXT,
    monitor      BOOLEAN,
    auto_disable BOOLEAN,
    kind         TEXT        NOT NULL CHECK (kind IN ('PREPAID', 'PERIODIC')),
    period       TEXT CHECK (period IN ('monthly', 'yearly')),
    time_zone    TEXT,
    per_period   NUMERIC,
    warning_pct  NUMERIC,
    alert_pct    NUMERIC,
    allocated    NUMERIC     NOT NULL,
    epoch        BIGINT      NOT NULL,
    created_by   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    deleted_at   TIMESTAMPTZ,
    CHECK ((kind = 'PERIODIC') = (period IS NOT NULL AND per_period IS NOT NULL))
);
CREATE INDEX quota_by_subject ON quota (subject_type, subject_id, id);
CREATE INDEX quota_by_tenant ON quota (tenant);

-- the allocation ledger: append-only, enforced here for every client
CREATE TABLE quota_allocation (
    id              BIGSERIAL PRIMARY KEY,
    quota_id        TEXT        NOT NULL REFERENCES quota (id),
    amount          NUMERIC     NOT NULL CHECK (amount <> 0),
    total_after     NUMERIC     NOT NULL,
    epoch           BIGINT      NOT NULL,
    operator        TEXT        NOT NULL,
    note            TEXT,
    idempotency_key TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (quota_id, idempotency_key),
    UNIQUE (quota_id, epoch)
);
CREATE FUNCTION quota_allocation_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the allocation ledger is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER quota_allocation_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON quota_allocation
    FOR EACH STATEMENT EXECUTE FUNCTION quota_allocation_append_only();

-- the evaluator's latest usage report of each quota and period (wk.quota-usage.v1)
CREATE TABLE quota_usage (
    quota_id    TEXT        NOT NULL,
    period      TEXT        NOT NULL,
    epoch       BIGINT      NOT NULL,
    consumed    NUMERIC     NOT NULL,
    allocated   NUMERIC     NOT NULL,
    used_pct    NUMERIC     NOT NULL,
    status      TEXT        NOT NULL,
    observed_at TIMESTAMPTZ NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (quota_id, period)
);

-- the latest quota alert of each step (wk.alerts.v1)
CREATE TABLE quota_step (
    quota_id    TEXT        NOT NULL,
    period      TEXT        NOT NULL,
    step        TEXT        NOT NULL,
    step_pct    NUMERIC     NOT NULL,
    epoch       BIGINT      NOT NULL,
    alert_id    UUID        NOT NULL,
    alert_type  TEXT        NOT NULL,
    status      TEXT        NOT NULL,
    fired_at    TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ,
    event_time  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (quota_id, period, step)
);
--rollback DROP TABLE quota_step; DROP TABLE quota_usage; DROP TRIGGER quota_allocation_append_only ON quota_allocation; DROP FUNCTION quota_allocation_append_only(); DROP TABLE quota_allocation; DROP TABLE quota; DROP TABLE quota_settings;
