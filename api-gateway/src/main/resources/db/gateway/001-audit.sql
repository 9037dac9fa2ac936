--liquibase formatted sql

--changeset watchkeeper:gateway-1
-- append-only record of every change an admin makes through the gateway (filled by the routing issue)
CREATE TABLE audit_entry (
    id          UUID PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT        NOT NULL,
    tenant      TEXT,
    method      TEXT        NOT NULL,
    path        TEXT        NOT NULL,
    status      INT         NOT NULL,
    target      TEXT,
    trace_id    TEXT
);
CREATE INDEX audit_entry_at ON audit_entry (at DESC);
--rollback DROP TABLE audit_entry;
