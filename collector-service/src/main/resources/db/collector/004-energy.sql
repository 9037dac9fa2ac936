--liquibase formatted sql

--changeset watchkeeper:collector-4
-- every meter reading once (idempotency on reading id), and the daily rollup it feeds
CREATE TABLE energy_reading (
    reading_id   TEXT PRIMARY KEY,
    energy_type  TEXT          NOT NULL,
    device_id    TEXT          NOT NULL,
    device_group TEXT,
    value        NUMERIC       NOT NULL,
    unit         TEXT          NOT NULL,
    read_at      TIMESTAMPTZ   NOT NULL,
    received_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX energy_reading_read_at ON energy_reading (read_at);

CREATE TABLE energy_daily (
    day          DATE          NOT NULL,
    energy_type  TEXT          NOT NULL,
    device_id    TEXT          NOT NULL,
    device_group TEXT,
    unit         TEXT          NOT NULL,
    total        NUMERIC       NOT NULL,
    readings     BIGINT        NOT NULL,
    PRIMARY KEY (day, energy_type, device_id)
);
CREATE INDEX energy_daily_group ON energy_daily (device_group, day);
--rollback DROP TABLE energy_daily; DROP TABLE energy_reading;
