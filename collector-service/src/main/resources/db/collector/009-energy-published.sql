--liquibase formatted sql

--changeset watchkeeper:collector-9
-- whether the broker acknowledged a reading's metric: a reading sent again is republished only while it was not, so
-- the evaluator never counts a meter's re-sent batch twice (earlier readings were all published)
ALTER TABLE energy_reading ADD COLUMN published BOOLEAN NOT NULL DEFAULT true;
--rollback ALTER TABLE energy_reading DROP COLUMN published;
