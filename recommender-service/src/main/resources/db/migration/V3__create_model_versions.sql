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
    message          text
);

-- The version each kind serves; one row per kind, so activation is a single atomic upsert.
CREATE TABLE active_models (
    kind         text        PRIMARY KEY,
    version_id   text        NOT NULL REFERENCES model_versions (version_id),
    activated_at timestamptz NOT NULL DEFAULT now()
);
