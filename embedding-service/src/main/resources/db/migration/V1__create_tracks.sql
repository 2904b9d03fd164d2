-- The track catalogue. embedding-service owns it and announces every change on the `tracks` topic.
CREATE TABLE tracks (
    track_id   text        PRIMARY KEY,
    title      text        NOT NULL,
    artist     text        NOT NULL,
    tags       text[]      NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX tracks_artist ON tracks (artist);
