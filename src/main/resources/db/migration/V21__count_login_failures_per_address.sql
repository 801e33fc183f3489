-- Failed logins now count per (lower-cased username, client address) and per address, no longer per
-- username alone. The old per-username failures cannot be given an address, and keeping them under
-- the old rule would lock names out after the upgrade, so they are dropped: every count starts
-- afresh (a guesser gains at most one window's worth of attempts, once).
DROP TABLE login_failures;
DROP TABLE login_throttles;

-- The lock rows of every database-counted limit (logins per address, registrations per address),
-- shared by all replicas. A row only serialises the attempts under its key; it holds no count and
-- is purged when idle. Registrations keep their own events table; their lock rows move here.
DROP TABLE registration_addresses;

CREATE TABLE throttle_locks (
    scope     VARCHAR(32) NOT NULL,
    lock_key  VARCHAR(64) NOT NULL,
    locked_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope, lock_key)
);

CREATE INDEX ix_throttle_locks_at ON throttle_locks (locked_at);

-- One row per login (or password-change) attempt that has not proven its password: written before
-- the password is checked, deleted if it proves right. Every row counts against its address; it
-- counts against its (username, address) pair until a successful login of that pair sets
-- counts_for_pair to FALSE.
CREATE TABLE login_failures (
    id              UUID         NOT NULL PRIMARY KEY,
    -- 255 characters; room for twice as many UTF-16 units, which H2's VARCHAR counts (see V8)
    username        VARCHAR(510) NOT NULL,
    address         VARCHAR(64)  NOT NULL,
    failed_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    counts_for_pair BOOLEAN      NOT NULL
);

CREATE INDEX ix_login_failures_address_at ON login_failures (address, failed_at);
CREATE INDEX ix_login_failures_pair ON login_failures (address, username, failed_at);
CREATE INDEX ix_login_failures_at ON login_failures (failed_at);
