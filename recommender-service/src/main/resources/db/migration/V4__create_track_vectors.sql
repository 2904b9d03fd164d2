-- The newest vector of each track from the `track-embeddings` topic (embedding-service's track encoder): the
-- recommender places tracks its ranker has never seen by them. Stored as real[] (no pgvector needed).
CREATE TABLE track_vectors (
    track_id      text        PRIMARY KEY,
    model_version text        NOT NULL,
    vector        real[]      NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE INDEX track_vectors_updated_at ON track_vectors (updated_at);
