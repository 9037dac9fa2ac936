--liquibase formatted sql

--changeset watchkeeper:evaluator-6
-- a rule belongs to a tenant (null: the platform's own, e.g. a global rule); a tenant's rule carries the matcher
-- tenant="<its tenant>" among its matchers, so it only ever matches that tenant's metrics
ALTER TABLE rule ADD COLUMN tenant TEXT;
CREATE INDEX rule_by_tenant ON rule (tenant, name);
--rollback DROP INDEX rule_by_tenant; ALTER TABLE rule DROP COLUMN tenant;
