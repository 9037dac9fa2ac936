--liquibase formatted sql

--changeset watchkeeper:collector-3
-- healthchecks.io signals: the last one, its exit code and (truncated) body
ALTER TABLE heartbeat_check ADD COLUMN last_signal TEXT NOT NULL DEFAULT 'ping';
ALTER TABLE heartbeat_check ADD COLUMN last_exit_code INT;
ALTER TABLE heartbeat_check ADD COLUMN last_body TEXT;
ALTER TABLE heartbeat_check ADD COLUMN last_success_at TIMESTAMPTZ;
ALTER TABLE heartbeat_check ADD COLUMN last_start_at TIMESTAMPTZ;
ALTER TABLE heartbeat_check ADD COLUMN last_failure_at TIMESTAMPTZ;
UPDATE heartbeat_check SET last_success_at = last_ping_at;
--rollback ALTER TABLE heartbeat_check DROP COLUMN last_signal, DROP COLUMN last_exit_code, DROP COLUMN last_body, DROP COLUMN last_success_at, DROP COLUMN last_start_at, DROP COLUMN last_failure_at;
