package org.musicrec.recommender.ranking;

/**
 * A ranked track.
 *
 * @param trackId   the track
 * @param score     higher is better; comparable only within one ranking
 * @param becauseOf the history track that contributed most to this score, or null
 */
public record ScoredTrack(String trackId, double score, String becauseOf) {
    public ScoredTrack {
        if (trackId == null || trackId.isBlank()) {
            throw new IllegalArgumentException("trackId is blank");
        }
    }
}
