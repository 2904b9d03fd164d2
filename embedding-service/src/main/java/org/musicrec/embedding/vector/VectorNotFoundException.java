package org.musicrec.embedding.vector;

/** The track exists but has no vector yet (no audio embedded). */
public class VectorNotFoundException extends RuntimeException {
    public VectorNotFoundException(String trackId) {
        super("track '" + trackId + "' has no embedding yet; upload its audio with PUT /api/v1/tracks/" + trackId
                + "/audio");
    }
}
