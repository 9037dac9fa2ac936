--liquibase formatted sql

--changeset watchkeeper:evaluator-2
-- rules: every type's condition as JSON; pending period, keep-firing, cooldown, daily cap, priority
ALTER TABLE rule ADD COLUMN condition TEXT;
UPDATE rule SET condition = json_build_object('metric', metric, 'grace', grace_seconds || 's')::text;
ALTER TABLE rule ALTER COLUMN condition SET NOT NULL;
ALTER TABLE rule DROP COLUMN metric;
ALTER TABLE rule DROP COLUMN grace_seconds;
ALTER TABLE rule ADD COLUMN priority TEXT NOT NULL DEFAULT 'MEDIUM';
ALTER TABLE rule ADD COLUMN for_seconds BIGINT NOT NULL DEFAULT 0;
ALTER TABLE rule ADD COLUMN keep_firing_for_seconds BIGINT NOT NULL DEFAULT 0;
ALTER TABLE rule ADD COLUMN cooldown_minutes INT NOT NULL DEFAULT 30;
ALTER TABLE rule ADD COLUMN max_alerts_per_day INT NOT NULL DEFAULT 10;
CREATE INDEX rule_by_update ON rule (updated_at);

-- alerts: pending and suppressed episodes are rows too (never published); one episode per series start
ALTER TABLE alert ADD COLUMN priority TEXT;
ALTER TABLE alert ADD COLUMN fired_at TIMESTAMPTZ;
ALTER TABLE alert ADD COLUMN suppressed_until TIMESTAMPTZ;
ALTER TABLE alert ADD COLUMN suppressed_reason TEXT;
ALTER TABLE alert ADD COLUMN quota TEXT;
UPDATE alert SET fired_at = starts_at;
DROP INDEX alert_one_open_per_fingerprint;
-- open = not ended: pending, firing, acknowledged, or suppressed while its condition holds
CREATE UNIQUE INDEX alert_one_open_per_fingerprint ON alert (fingerprint) WHERE ends_at IS NULL;
CREATE UNIQUE INDEX alert_one_per_episode ON alert (fingerprint, starts_at);
-- cooldown (last firing of a series) and daily cap (firings of a rule today)
CREATE INDEX alert_fired_by_fingerprint ON alert (fingerprint, fired_at DESC) WHERE fired_at IS NOT NULL;
CREATE INDEX alert_fired_by_rule ON alert (rule_id, fired_at) WHERE fired_at IS NOT NULL;
CREATE INDEX alert_by_labels ON alert USING GIN (labels jsonb_path_ops);

CREATE TABLE alert_transition (
    id         BIGSERIAL PRIMARY KEY,
    alert_id   UUID        NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    at         TIMESTAMPTZ NOT NULL,
    from_state TEXT,
    to_state   TEXT        NOT NULL,
    actor      TEXT        NOT NULL,
    note       TEXT
);
CREATE INDEX alert_transition_by_alert ON alert_transition (alert_id, id);

-- engine checkpoints per partition of wk.metrics.v1: the state of every binding (rule x series) and the
-- offset of the next record to read, written together in one transaction
DROP TABLE series_state;
CREATE TABLE engine_checkpoint (
    partition   INT PRIMARY KEY,
    next_offset BIGINT      NOT NULL,
    taken_at    TIMESTAMPTZ NOT NULL
);
CREATE TABLE binding_state (
    fingerprint TEXT PRIMARY KEY,
    partition   INT   NOT NULL,
    rule_id     UUID  NOT NULL,
    state       BYTEA NOT NULL
);
CREATE INDEX binding_state_by_partition ON binding_state (partition);
--rollback not supported
