--liquibase formatted sql

--changeset watchkeeper:evaluator-7
-- what was last reported on wk.quota-usage.v1 for the quota, so a report goes out only when something changed
ALTER TABLE quota_state ADD COLUMN reported TEXT;
--rollback ALTER TABLE quota_state DROP COLUMN reported;
