-- The recommender's read copy of the catalogue, fed by the `tracks` topic that embedding-service owns.
CREATE TABLE tracks (
    track_id   text        PRIMARY KEY,
    title      text        NOT NULL,
    artist     text        NOT NULL,
    tags       text[]      NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL
);

CREATE INDEX tracks_artist ON tracks (artist);
