--liquibase formatted sql

--changeset watchkeeper:notifier-5
-- Alertmanager's routing tree: every route hangs under a parent; the root is the default route, which takes what
-- no child takes. Grouping and timing settings left NULL are inherited from the parent.
ALTER TABLE route ADD COLUMN parent_id UUID REFERENCES route (id);
ALTER TABLE route ADD COLUMN group_by TEXT;
ALTER TABLE route ADD COLUMN group_wait_ms BIGINT;
ALTER TABLE route ADD COLUMN group_interval_ms BIGINT;
ALTER TABLE route ADD COLUMN repeat_interval_ms BIGINT;
ALTER TABLE route ADD COLUMN repeat_backoff NUMERIC;
ALTER TABLE route ADD COLUMN max_repeat_interval_ms BIGINT;
INSERT INTO route (id, name, position, matchers, channel_ids, continue_matching, group_by, group_wait_ms,
                   group_interval_ms, repeat_interval_ms, repeat_backoff, max_repeat_interval_ms, created_by, created_at)
VALUES ('00000000-0000-0000-0000-000000000000', 'default', 0, '[]', '', false, '...', 0, 0, 14400000, 1, NULL,
        'system', now());
UPDATE route SET parent_id = '00000000-0000-0000-0000-000000000000' WHERE id <> '00000000-0000-0000-0000-000000000000';
CREATE INDEX route_by_parent ON route (parent_id);

-- a delivery knows the route and group it went out in; repeats of a still-firing alert are new deliveries
-- numbered 1, 2, …; muted says the skip was a silence or an inhibition (re-notified when that ends)
ALTER TABLE delivery ADD COLUMN route_id UUID;
ALTER TABLE delivery ADD COLUMN group_key TEXT;
ALTER TABLE delivery ADD COLUMN repeat INT NOT NULL DEFAULT 0;
ALTER TABLE delivery ADD COLUMN muted BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE delivery DROP CONSTRAINT delivery_alert_id_alert_status_channel_id_key;
ALTER TABLE delivery ADD CONSTRAINT delivery_once UNIQUE (alert_id, alert_status, channel_id, repeat);
CREATE INDEX delivery_open_firing ON delivery (alert_id, channel_id, repeat DESC) WHERE alert_status = 'firing';

-- Alertmanager's aggregation groups, one per (route, group labels, channel): when the group's next message goes
-- out (flush_at: first alert + groupWait, or last message + groupInterval) and when the last one went
CREATE TABLE notification_group (
    route_id     UUID        NOT NULL,
    group_key    TEXT        NOT NULL,
    channel_id   UUID        NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
    group_labels TEXT        NOT NULL,
    flush_at     TIMESTAMPTZ,
    last_sent_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (route_id, group_key, channel_id)
);
--rollback DROP TABLE notification_group; ALTER TABLE delivery DROP CONSTRAINT delivery_once; ALTER TABLE delivery ADD UNIQUE (alert_id, alert_status, channel_id); ALTER TABLE delivery DROP COLUMN muted, DROP COLUMN repeat, DROP COLUMN group_key, DROP COLUMN route_id; DELETE FROM route WHERE id = '00000000-0000-0000-0000-000000000000'; ALTER TABLE route DROP COLUMN parent_id, DROP COLUMN group_by, DROP COLUMN group_wait_ms, DROP COLUMN group_interval_ms, DROP COLUMN repeat_interval_ms, DROP COLUMN repeat_backoff, DROP COLUMN max_repeat_interval_ms;
