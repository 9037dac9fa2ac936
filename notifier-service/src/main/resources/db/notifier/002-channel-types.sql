--liquibase formatted sql

--changeset watchkeeper:notifier-2
-- Feishu and DingTalk bots and Standard Webhooks sign requests with a secret of their own (AES-GCM sealed)
ALTER TABLE channel ADD COLUMN signing_secret TEXT;
--rollback ALTER TABLE channel DROP COLUMN signing_secret;
