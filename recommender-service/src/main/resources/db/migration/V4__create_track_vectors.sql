-- The newest vector of each track from the `track-embeddings` topic (embedding-service's track encoder): the
-- recommender places tracks its ranker has never seen by them. Stored as real[] (no pgvector needed).
-- updated_at is the producer's time (newest wins); stored_at the database's, the cursor replicas refresh by.
CREATE TABLE track_vectors (
    track_id      text        PRIMARY KEY,
    model_version text        NOT NULL,
    vector        real[]      NOT NULL,
    updated_at    timestamptz NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX track_vectors_stored_at ON track_vectors (stored_at);
