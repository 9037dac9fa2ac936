--liquibase formatted sql

--changeset watchkeeper:collector-7
-- heartbeats produced to wk.ingest.heartbeat.v1 have no ping key: their checks hang off this placeholder
-- (its hash can never equal a SHA-256 of a real key, so it never authorises a ping)
INSERT INTO ping_key (id, name, tenant, key_hash, key_hint, created_by, created_at)
VALUES ('00000000-0000-0000-0000-000000000000', 'kafka', NULL, 'none: heartbeats produced to Kafka', '—', 'system', now());
--rollback DELETE FROM ping_key WHERE id = '00000000-0000-0000-0000-000000000000';
