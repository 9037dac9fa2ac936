--liquibase formatted sql

--changeset watchkeeper:collector-8
-- every source belongs to a tenant (null: the platform's own); its metrics carry the same tenant label.
-- Names are unique within a tenant, so one tenant's names say nothing about another's.
ALTER TABLE source ADD COLUMN tenant TEXT;
UPDATE source SET tenant = (labels::jsonb) ->> 'tenant';
ALTER TABLE source DROP CONSTRAINT source_name_key;
CREATE UNIQUE INDEX source_name_per_tenant ON source (COALESCE(tenant, ''), name);
-- meter readings and their daily totals per tenant ('' = none): a reading id is unique within its tenant
ALTER TABLE energy_reading ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
ALTER TABLE energy_reading DROP CONSTRAINT energy_reading_pkey, ADD PRIMARY KEY (tenant, reading_id);
ALTER TABLE energy_daily ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
ALTER TABLE energy_daily DROP CONSTRAINT energy_daily_pkey, ADD PRIMARY KEY (day, tenant, energy_type, device_id);
--rollback ALTER TABLE energy_daily DROP CONSTRAINT energy_daily_pkey, ADD PRIMARY KEY (day, energy_type, device_id); ALTER TABLE energy_daily DROP COLUMN tenant; ALTER TABLE energy_reading DROP CONSTRAINT energy_reading_pkey, ADD PRIMARY KEY (reading_id); ALTER TABLE energy_reading DROP COLUMN tenant; DROP INDEX source_name_per_tenant; ALTER TABLE source ADD CONSTRAINT source_name_key UNIQUE (name); ALTER TABLE source DROP COLUMN tenant;
