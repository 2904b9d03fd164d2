-- Listening history as received from Kafka. event_id is the client's idempotency key.
CREATE TABLE listening_events (
    event_id    text        PRIMARY KEY,
    user_id     text        NOT NULL,
    track_id    text        NOT NULL,
    event_type  text        NOT NULL CHECK (event_type IN ('PLAY', 'SKIP', 'LIKE', 'COMPLETE')),
    occurred_at timestamptz NOT NULL,
    ms_played   bigint      CHECK (ms_played >= 0),
    play_count  integer     NOT NULL DEFAULT 1 CHECK (play_count >= 1),
    received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX listening_events_user_time ON listening_events (user_id, occurred_at DESC, event_id DESC);
CREATE INDEX listening_events_time ON listening_events (occurred_at DESC);
