package org.musicrec.recommender.recommendation;

import java.util.List;

/**
 * A ranked list for one user.
 *
 * @param userId   who it is for
 * @param model    the model version that ranked it ({@code popularity} when no model served)
 * @param strategy {@code attention} (the user's history was ranked by the model) or {@code popular}
 * @param fallback true when no model was loaded and popularity stood in
 * @param items    best first
 */
public record Recommendation(String userId, String model, String strategy, boolean fallback,
                             List<RecommendedTrack> items) {

    /**
     * One recommended track.
     *
     * @param reason human-readable explanation, e.g. "because you played Radiohead"
     */
    public record RecommendedTrack(String trackId, double score, String title, String artist, List<String> tags,
                                   String becauseOf, String reason) {
    }
}
