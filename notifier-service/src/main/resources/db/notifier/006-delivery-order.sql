--liquibase formatted sql

--changeset watchkeeper:notifier-6
-- the order deliveries were recorded in: states of one alert recorded in one transaction share created_at, and a
-- channel must still see them in order
CREATE SEQUENCE delivery_seq;
ALTER TABLE delivery ADD COLUMN seq BIGINT NOT NULL DEFAULT nextval('delivery_seq');
ALTER SEQUENCE delivery_seq OWNED BY delivery.seq;
CREATE INDEX delivery_pending_by_alert ON delivery (alert_id, channel_id, seq) WHERE status = 'pending';
--rollback DROP INDEX delivery_pending_by_alert; ALTER TABLE delivery DROP COLUMN seq;
