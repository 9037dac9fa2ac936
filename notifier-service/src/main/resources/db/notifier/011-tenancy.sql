--liquibase formatted sql

--changeset watchkeeper:notifier-11
-- channels, routes, silences, inhibit rules and actions belong to a tenant (null: the platform's own); names are
-- unique within a tenant, so one tenant's names say nothing about another's. A delivery's tenant is its alert's
-- tenant label (in the alert it carries).
ALTER TABLE channel ADD COLUMN tenant TEXT;
ALTER TABLE channel DROP CONSTRAINT channel_name_key;
CREATE UNIQUE INDEX channel_name_per_tenant ON channel (COALESCE(tenant, ''), name);
ALTER TABLE route ADD COLUMN tenant TEXT;
ALTER TABLE silence ADD COLUMN tenant TEXT;
ALTER TABLE inhibit_rule ADD COLUMN tenant TEXT;
ALTER TABLE action ADD COLUMN tenant TEXT;
ALTER TABLE action DROP CONSTRAINT action_name_key;
CREATE UNIQUE INDEX action_name_per_tenant ON action (COALESCE(tenant, ''), name);
--rollback DROP INDEX action_name_per_tenant; ALTER TABLE action ADD CONSTRAINT action_name_key UNIQUE (name); ALTER TABLE action DROP COLUMN tenant; ALTER TABLE inhibit_rule DROP COLUMN tenant; ALTER TABLE silence DROP COLUMN tenant; ALTER TABLE route DROP COLUMN tenant; DROP INDEX channel_name_per_tenant; ALTER TABLE channel ADD CONSTRAINT channel_name_key UNIQUE (name); ALTER TABLE channel DROP COLUMN tenant;
