--liquibase formatted sql

--changeset watchkeeper:notifier-10
-- delivery_pending_by_alert served the claim's look for an older pending delivery of the same alert and channel; that
-- look now goes by delivery_once (an index of pending rows only misled the planner when its statistics were stale:
-- DispatchQueue.claimDue), and retention's look for a pending delivery of an alert is one delivery_once range too.
-- Every recorded delivery still wrote an entry in it.
DROP INDEX delivery_pending_by_alert;
--rollback CREATE INDEX delivery_pending_by_alert ON delivery (alert_id, channel_id, seq) WHERE status = 'pending';
