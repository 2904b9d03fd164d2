package org.musicrec.recommender.ranking;

import java.util.List;
import java.util.function.Predicate;

/**
 * Ranks catalogue tracks for one listener. Web code depends on this interface only, never on tensors.
 * Implementations are thread-safe.
 */
public interface Ranker {

    /**
     * The best tracks for this history, best first.
     *
     * @param historyOldestFirst track ids the user listened to, oldest first (may be empty)
     * @param limit              how many tracks to return at most
     * @param candidateFilter    called in descending score order; may be stateful (e.g. a per-artist cap),
     *                           a candidate it rejects is skipped
     */
    List<ScoredTrack> rank(List<String> historyOldestFirst, int limit, Predicate<String> candidateFilter);

    /** Which model produced the ranking, e.g. {@code popularity} or an attention model version id. */
    String modelVersion();

    /**
     * Whether this ranker can score the track at all (a model knows the tracks of its training data; a track added to
     * the catalogue later is unknown to it until the next training).
     */
    default boolean knows(String trackId) {
        return true;
    }

    /** True when this ranker stands in for a missing model (responses say so). */
    default boolean fallback() {
        return false;
    }
}
