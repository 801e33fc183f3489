-- Failed logins per lower-cased username (known or not), shared by all replicas. The throttle
-- row is locked during an attempt, so concurrent attempts for one name are counted in turn.
CREATE TABLE login_throttles (
    username VARCHAR(255) NOT NULL PRIMARY KEY
);

CREATE TABLE login_failures (
    id        UUID         NOT NULL PRIMARY KEY,
    username  VARCHAR(255) NOT NULL,
    failed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_login_failures_username_at ON login_failures (username, failed_at);
CREATE INDEX ix_login_failures_at ON login_failures (failed_at);
