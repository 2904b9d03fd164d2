-- Trained encoder models (zipped SavedModels), one active per kind; see the model-registry module.
CREATE TABLE model_versions (
    version_id       text        PRIMARY KEY,
    kind             text        NOT NULL,
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

-- The vector of each track the service could embed.
CREATE TABLE track_vectors (
    track_id     text        PRIMARY KEY REFERENCES tracks (track_id) ON DELETE CASCADE,
    vector       real[]      NOT NULL,
    model_version text       NOT NULL,
    sources      text[]      NOT NULL,
    audio_seconds double precision,
    updated_at   timestamptz NOT NULL
);

-- Uploaded audio waiting to be embedded. The upload is kept until its job is done, so a restart loses nothing.
CREATE TABLE audio_jobs (
    job_id        uuid        PRIMARY KEY,
    track_id      text        NOT NULL REFERENCES tracks (track_id) ON DELETE CASCADE,
    status        text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    audio         bytea,
    audio_seconds double precision,
    error         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz
);

CREATE INDEX audio_jobs_queued ON audio_jobs (created_at) WHERE status = 'QUEUED';
