-- API keys of apps and servers. Only a SHA-256 of each key is kept: the key itself is shown once, at creation.
-- Keys are 32 random bytes, so an unsalted hash is enough (nothing to guess from it); lookups go by hash.
CREATE TABLE api_keys (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    key_hash    bytea       NOT NULL UNIQUE,
    key_prefix  text        NOT NULL,
    roles       text[]      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;
