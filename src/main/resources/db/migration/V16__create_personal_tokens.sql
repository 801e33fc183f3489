-- Personal access tokens for scripts. Only the SHA-256 of a token is stored (hex); the token itself
-- is shown once, when it is created. A user's tokens go when the user is disabled, so that
-- re-enabling does not revive them.
CREATE TABLE personal_tokens (
    id           UUID         NOT NULL PRIMARY KEY,
    user_id      UUID         NOT NULL REFERENCES users (id),
    name         VARCHAR(200) NOT NULL, -- room for 100 characters outside the BMP on H2 (see V8)
    token_hash   VARCHAR(64)  NOT NULL,
    admin        BOOLEAN      NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT uq_personal_tokens_hash UNIQUE (token_hash)
);

CREATE INDEX ix_personal_tokens_user ON personal_tokens (user_id, created_at, id);
