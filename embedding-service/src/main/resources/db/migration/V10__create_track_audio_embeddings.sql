-- The audio encoder's output per track, kept apart from track_vectors: once a track encoder is active,
-- track_vectors holds its fused vector, and the track encoder (re-encoding on a new version, training) needs
-- the audio embedding it was fused from without decoding the audio again.
CREATE TABLE track_audio_embeddings (
    track_id      text        PRIMARY KEY REFERENCES tracks (track_id) ON DELETE CASCADE,
    vector        real[]      NOT NULL,
    model_version text        NOT NULL,
    audio_seconds double precision,
    updated_at    timestamptz NOT NULL
);

-- Vectors stored so far came from the audio encoder alone.
INSERT INTO track_audio_embeddings (track_id, vector, model_version, audio_seconds, updated_at)
SELECT track_id, vector, model_version, audio_seconds, updated_at FROM track_vectors WHERE sources = '{audio}';

-- The backfill looks for tracks whose vector is missing, of another version or older than the track.
CREATE INDEX track_vectors_model_version ON track_vectors (model_version);
