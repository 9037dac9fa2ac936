--liquibase formatted sql

--changeset watchkeeper:iam-1 splitStatements:false
-- cloud main accounts: the secret access key only sealed (libs/platform SecretBox), a hint for recognition
CREATE TABLE cloud_account (
    id            TEXT PRIMARY KEY,
    tenant        TEXT,
    name          TEXT        NOT NULL,
    provider      TEXT        NOT NULL,
    access_key_id TEXT        NOT NULL,
    secret_sealed TEXT        NOT NULL,
    secret_hint   TEXT        NOT NULL,
    region        TEXT        NOT NULL,
    created_by    TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    verified_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX cloud_account_name ON cloud_account (COALESCE(tenant, ''), name);

-- sub-accounts (IAM users) of a main account. state: provisioning (CreateUser done, no access key yet: a failed
-- CreateAccessKey the admin retries), active, disabled, deleted (kept for its history). login_allowed null = the user
-- has no console login.
CREATE TABLE iam_user (
    id                TEXT PRIMARY KEY,
    tenant            TEXT,
    account_id        TEXT        NOT NULL REFERENCES cloud_account (id),
    user_name         TEXT        NOT NULL,
    display_name      TEXT,
    cloud_user_id     TEXT,
    state             TEXT        NOT NULL CHECK (state IN ('provisioning', 'active', 'disabled', 'deleted')),
    last_error        TEXT,
    login_allowed     BOOLEAN,
    login_disabled_by TEXT CHECK (login_disabled_by IN ('quota', 'operator')),
    policies          TEXT[]      NOT NULL DEFAULT '{}',
    created_by        TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX iam_user_name ON iam_user (account_id, user_name);
CREATE INDEX iam_user_tenant ON iam_user (tenant);

-- the user's access keys as last seen or changed; disabled_by says who turned a key off, so that a re-enable after a
-- quota turns on only what the quota turned off
CREATE TABLE iam_access_key (
    user_id       TEXT        NOT NULL REFERENCES iam_user (id),
    access_key_id TEXT        NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('active', 'inactive')),
    disabled_by   TEXT CHECK (disabled_by IN ('quota', 'operator')),
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, access_key_id)
);

-- every switch of a user off or on, recorded before the cloud is called and carried out by the switch worker until
-- done. A quota's switch is unique per (user, quota, epoch, direction): a redelivered alert records nothing new.
CREATE TABLE iam_switch (
    id         TEXT PRIMARY KEY,
    user_id    TEXT        NOT NULL REFERENCES iam_user (id),
    direction  TEXT        NOT NULL CHECK (direction IN ('disable', 'enable')),
    cause      TEXT        NOT NULL CHECK (cause IN ('quota', 'operator')),
    quota_id   TEXT,
    epoch      BIGINT,
    used       NUMERIC,
    alert_id   TEXT,
    reason     TEXT        NOT NULL,
    actor      TEXT        NOT NULL,
    status     TEXT        NOT NULL CHECK (status IN ('pending', 'done', 'cancelled')),
    attempts   INT         NOT NULL DEFAULT 0,
    last_error TEXT,
    lease_until TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    done_at    TIMESTAMPTZ
);
CREATE UNIQUE INDEX iam_switch_quota ON iam_switch (user_id, quota_id, epoch, direction) WHERE cause = 'quota';
CREATE INDEX iam_switch_pending ON iam_switch (created_at) WHERE status = 'pending';
CREATE INDEX iam_switch_by_quota ON iam_switch (quota_id, created_at) WHERE cause = 'quota';

-- each cloud change of a switch: 'calling' is committed before the call, 'done' after it. After a crash, a target
-- found 'calling' whose cloud state already is the wanted one was changed by us: it is recorded, not called again.
CREATE TABLE iam_switch_step (
    switch_id TEXT NOT NULL REFERENCES iam_switch (id),
    target    TEXT NOT NULL,
    state     TEXT NOT NULL CHECK (state IN ('calling', 'done')),
    PRIMARY KEY (switch_id, target)
);

-- what happened to each user, newest last: the action history of GET /iam-users/{id}/actions
CREATE TABLE iam_action (
    id         BIGSERIAL PRIMARY KEY,
    user_id    TEXT        NOT NULL REFERENCES iam_user (id),
    action     TEXT        NOT NULL,
    detail     TEXT,
    reason     TEXT,
    alert_id   TEXT,
    actor      TEXT        NOT NULL,
    at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX iam_action_user ON iam_action (user_id, id);

-- the newest definition seen of each quota (wk.quotas.v1): an exhaustion alert of an epoch a newer allocation has
-- already ended disables nothing
CREATE TABLE quota_seen (
    quota_id  TEXT PRIMARY KEY,
    epoch     BIGINT  NOT NULL,
    allocated NUMERIC NOT NULL
);
