-- Trained ranker models. The SavedModel itself is stored (zipped) with its metadata, so every replica loads
-- the same bytes without a shared volume. At most one version is active; rollback activates an older one.
CREATE TABLE model_versions (
    version_id       text        PRIMARY KEY,
    kind             text        NOT NULL DEFAULT 'ranker',
    created_at       timestamptz NOT NULL DEFAULT now(),
    data_fingerprint text        NOT NULL,
    metrics          jsonb       NOT NULL DEFAULT '{}',
    archive          bytea       NOT NULL,
    archive_sha256   text        NOT NULL,
    status           text        NOT NULL DEFAULT 'READY' CHECK (status IN ('READY', 'REJECTED')),
    message          text,
    active           boolean     NOT NULL DEFAULT false,
    activated_at     timestamptz
);

CREATE UNIQUE INDEX model_versions_one_active ON model_versions (kind) WHERE active;
