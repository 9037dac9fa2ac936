--liquibase formatted sql

--changeset watchkeeper:gateway-2 splitStatements:false
-- who changed what: the caller's roles and the request id join the entry; entries are never changed nor removed
ALTER TABLE audit_entry ADD COLUMN roles TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_entry ADD COLUMN request_id TEXT;
CREATE INDEX audit_entry_by_tenant ON audit_entry (tenant, at DESC);
CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
--rollback DROP TRIGGER audit_entry_append_only ON audit_entry; DROP FUNCTION audit_entry_append_only(); DROP INDEX audit_entry_by_tenant; ALTER TABLE audit_entry DROP COLUMN request_id; ALTER TABLE audit_entry DROP COLUMN roles;
