package org.musicrec.recommender.evaluation;

import java.util.Map;
import org.musicrec.recommender.ranking.AttentionTrainer;
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
     * Full ranking for data that records days, not times (HetRec): the order of one day's items is unknown, and the
     * model was trained on every day in random orders, so each history is scored as the mean over {@code orders}
     * random orders of its days (the recorded order is one arbitrary draw). The user's input items are excluded as in
     * {@link #fullRanking}.
     *
     * @param days per input the day of each item, aligned with {@code inputs}
     */
    static RankingMetrics fullRankingOverDayOrders(ItemScorer scorer, int[][] inputs, int[][] days, int[] targets,
                                                   int orders, long seed) {
        java.util.Random random = new java.util.Random(seed);
        RankingMetrics metrics = new RankingMetrics();
        for (int from = 0; from < inputs.length; from += BATCH) {
            int to = Math.min(inputs.length, from + BATCH);
            int[][] batch = java.util.Arrays.copyOfRange(inputs, from, to);
            int[][] batchDays = java.util.Arrays.copyOfRange(days, from, to);
            float[][] mean = meanOverDayOrders(scorer, batch, batchDays, orders, random);
            for (int i = from; i < to; i++) {
                metrics.add(RankingMetrics.fullRank(mean[i - from], targets[i], inputs[i]));
            }
        }
        return metrics;
    }

    /** The mean of the scores of {@code orders} copies of the histories, each with every day in a random order. */
    static float[][] meanOverDayOrders(ItemScorer scorer, int[][] histories, int[][] days, int orders,
                                       java.util.Random random) {
        float[][] mean = null;
        for (int o = 0; o < orders; o++) {
            float[][] scores = scorer.score(AttentionTrainer.shuffledWithinGroups(histories, days, random));
            if (mean == null) {
                mean = scores;
            } else {
                for (int i = 0; i < scores.length; i++) {
                    for (int j = 0; j < scores[i].length; j++) {
                        mean[i][j] += scores[i][j];
                    }
                }
            }
        }
        for (float[] row : mean) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= orders;
            }
        }
        return mean;
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
