--liquibase formatted sql

--changeset watchkeeper:notifier-7
-- when the evaluator made the state alert_state holds: a late copy of an older state (a re-sent batch, a replay)
-- must not overwrite a newer one
ALTER TABLE alert_state ADD COLUMN event_time TIMESTAMPTZ;
--rollback ALTER TABLE alert_state DROP COLUMN event_time;
