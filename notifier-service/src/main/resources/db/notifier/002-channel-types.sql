--liquibase formatted sql

--changeset watchkeeper:notifier-2
-- Feishu and DingTalk bots and Standard Webhooks sign requests with a secret of their own (AES-GCM sealed);
-- email channels have addresses (in settings) instead of a URL
ALTER TABLE channel ADD COLUMN signing_secret TEXT;
-- an SMS gateway's request headers (API keys): sealed JSON
ALTER TABLE channel ADD COLUMN secret_headers TEXT;
ALTER TABLE channel ALTER COLUMN secret DROP NOT NULL;
ALTER TABLE channel ALTER COLUMN secret_hint DROP NOT NULL;
--rollback ALTER TABLE channel DROP COLUMN signing_secret; ALTER TABLE channel DROP COLUMN secret_headers;
