--liquibase formatted sql

--changeset watchkeeper:iam-2 splitStatements:false
-- API keys of machine clients: only the SHA-256 of a key is kept; a revoked key keeps its row (history)
CREATE TABLE api_key (
    id         TEXT PRIMARY KEY,
    tenant     TEXT,
    name       TEXT        NOT NULL,
    prefix     TEXT        NOT NULL UNIQUE,
    sha256     TEXT        NOT NULL UNIQUE,
    scopes     TEXT[]      NOT NULL,
    expires_at TIMESTAMPTZ,
    created_by TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_by TEXT,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_key_tenant ON api_key (tenant, created_at);
