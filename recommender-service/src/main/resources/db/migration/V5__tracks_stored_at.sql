-- The database's time of the last write of each catalogue row: the cursor replicas refresh their read copy by.
-- updated_at is the producer's clock (newest wins); a row committed late with an older updated_at would be skipped by
-- a cursor on it.
ALTER TABLE tracks ADD COLUMN stored_at timestamptz NOT NULL DEFAULT clock_timestamp();

CREATE INDEX tracks_stored_at ON tracks (stored_at);
