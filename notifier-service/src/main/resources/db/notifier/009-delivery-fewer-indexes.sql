--liquibase formatted sql

--changeset watchkeeper:notifier-9
-- every index on delivery is written on each of a delivery's three writes (recorded, claimed, settled): two served no
-- query any more — claims walk delivery_pending_seq, lookups by alert use delivery_once (alert_id first). Without
-- delivery_due a claim changes no indexed column, and with room left on each page (fillfactor) PostgreSQL updates
-- the row in place of its page (a HOT update: no index entry at all)
DROP INDEX delivery_due;
DROP INDEX delivery_by_alert;
ALTER TABLE delivery SET (fillfactor = 80);
--rollback ALTER TABLE delivery RESET (fillfactor); CREATE INDEX delivery_by_alert ON delivery (alert_id, created_at); CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'pending';
