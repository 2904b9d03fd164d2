-- When a vector was last announced on track-embeddings (the recommender's copy). A stored vector whose announcement
-- failed (broker down, timeout) keeps announced_at NULL, and the announcer sends it again: a vector is never stored
-- without reaching the topic eventually. Vectors stored before this column existed are announced once more
-- (harmless: the recommender keeps the newest per track).
ALTER TABLE track_vectors ADD COLUMN announced_at timestamptz;

CREATE INDEX track_vectors_unannounced ON track_vectors (updated_at) WHERE announced_at IS NULL;
