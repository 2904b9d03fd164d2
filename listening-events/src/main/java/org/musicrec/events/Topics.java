package org.musicrec.events;

/** Kafka topic names of the musicrec wire contract; services may override them by configuration. */
public final class Topics {

    /** Listening events from the app, keyed by userId so one user's events stay in order. */
    public static final String LISTENING_EVENTS = "listening-events";

    /** Records of {@link #LISTENING_EVENTS} that could not be read or failed validation. */
    public static final String LISTENING_EVENTS_DLT = "listening-events.DLT";

    /** Catalogue changes (track metadata), keyed by trackId. */
    public static final String TRACKS = "tracks";

    /** New or changed track vectors, keyed by trackId. */
    public static final String TRACK_EMBEDDINGS = "track-embeddings";

    private Topics() {
    }
}
