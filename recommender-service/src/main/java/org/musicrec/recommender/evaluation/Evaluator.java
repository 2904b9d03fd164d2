package org.musicrec.recommender.evaluation;

import java.util.Map;
import org.musicrec.recommender.ranking.ItemScorer;

/** Runs a scorer over held-out targets in batches and collects {@link RankingMetrics}. */
final class Evaluator {

    private static final int BATCH = 256;

    private Evaluator() {
    }

    /** Full ranking over the catalogue, the user's input items excluded. */
    static RankingMetrics fullRanking(ItemScorer scorer, int[][] inputs, int[] targets) {
        RankingMetrics metrics = new RankingMetrics();
        for (int from = 0; from < inputs.length; from += BATCH) {
            int to = Math.min(inputs.length, from + BATCH);
            float[][] scores = scorer.score(java.util.Arrays.copyOfRange(inputs, from, to));
            for (int i = from; i < to; i++) {
                metrics.add(RankingMetrics.fullRank(scores[i - from], targets[i], inputs[i]));
            }
        }
        return metrics;
    }

    /**
     * Sampled ranking: the target against the user's listed negatives only.
     *
     * @param negatives per user the negative item indexes, or null for a user without a line (skipped)
     */
    static RankingMetrics sampled(ItemScorer scorer, int[][] inputs, int[] targets, int[][] negatives) {
        RankingMetrics metrics = new RankingMetrics();
        for (int from = 0; from < inputs.length; from += BATCH) {
            int to = Math.min(inputs.length, from + BATCH);
            float[][] scores = scorer.score(java.util.Arrays.copyOfRange(inputs, from, to));
            for (int i = from; i < to; i++) {
                if (negatives[i] != null) {
                    metrics.add(RankingMetrics.rank(scores[i - from], targets[i], negatives[i]));
                }
            }
        }
        return metrics;
    }

    static Map<String, Double> summary(RankingMetrics metrics) {
        return metrics.summary();
    }
}
