package org.musicrec.embedding.track;

/** No track has this id. */
public class TrackNotFoundException extends RuntimeException {

    private final String trackId;

    public TrackNotFoundException(String trackId) {
        super("track '" + trackId + "' does not exist");
        this.trackId = trackId;
    }

    public String trackId() {
        return trackId;
    }
}
