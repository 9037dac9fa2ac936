--liquibase formatted sql

--changeset watchkeeper:platform-outbox-1
CREATE SEQUENCE outbox_event_seq INCREMENT BY 1;
CREATE TABLE outbox_event (
    id           BIGINT PRIMARY KEY,
    topic        TEXT        NOT NULL,
    record_key   TEXT,
    ce_id        TEXT        NOT NULL,
    ce_type      TEXT        NOT NULL,
    ce_source    TEXT        NOT NULL,
    ce_time      TIMESTAMPTZ NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_event_unpublished ON outbox_event (id) WHERE published_at IS NULL;
--rollback DROP TABLE outbox_event; DROP SEQUENCE outbox_event_seq;

--changeset watchkeeper:platform-outbox-2
-- a row without a payload is a tombstone for its key on a compacted topic
ALTER TABLE outbox_event ALTER COLUMN payload DROP NOT NULL;
--rollback ALTER TABLE outbox_event ALTER COLUMN payload SET NOT NULL;
