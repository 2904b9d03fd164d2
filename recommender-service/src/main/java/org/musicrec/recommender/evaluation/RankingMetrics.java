package org.musicrec.recommender.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates the rank of each held-out item (0 = first) and reports HR@k, NDCG@k for k in 5, 10, 20
 * and the mean reciprocal rank. One relevant item per user, so IDCG is 1.
 */
final class RankingMetrics {

    static final int[] CUTOFFS = {5, 10, 20};

    private final double[] hits = new double[CUTOFFS.length];
    private final double[] gains = new double[CUTOFFS.length];
    private double reciprocalRanks;
    private int users;

    void add(int rank) {
        if (rank < 0) {
            throw new IllegalArgumentException("rank must not be negative");
        }
        users++;
        reciprocalRanks += 1.0 / (rank + 1);
        for (int c = 0; c < CUTOFFS.length; c++) {
            if (rank < CUTOFFS[c]) {
                hits[c] += 1;
                gains[c] += 1.0 / (Math.log(rank + 2) / Math.log(2));
            }
        }
    }

    int users() {
        return users;
    }

    double ndcg(int cutoff) {
        for (int c = 0; c < CUTOFFS.length; c++) {
            if (CUTOFFS[c] == cutoff) {
                return users == 0 ? 0 : gains[c] / users;
            }
        }
        throw new IllegalArgumentException("no cutoff " + cutoff);
    }

    /** HR@5, HR@10, HR@20, NDCG@5, NDCG@10, NDCG@20, MRR, in that order. */
    Map<String, Double> summary() {
        Map<String, Double> summary = new LinkedHashMap<>();
        for (int c = 0; c < CUTOFFS.length; c++) {
            summary.put("HR@" + CUTOFFS[c], users == 0 ? 0 : hits[c] / users);
        }
        for (int c = 0; c < CUTOFFS.length; c++) {
            summary.put("NDCG@" + CUTOFFS[c], users == 0 ? 0 : gains[c] / users);
        }
        summary.put("MRR", users == 0 ? 0 : reciprocalRanks / users);
        return summary;
    }

    /**
     * The 0-based rank of the target among the candidates: how many candidates score higher, counting
     * ties against the target (so a model that scores everything equal gains nothing).
     *
     * @param candidates item indexes competing with the target (the target itself is skipped)
     */
    static int rank(float[] scores, int target, int[] candidates) {
        float score = scores[target];
        int rank = 0;
        for (int candidate : candidates) {
            if (candidate != target && scores[candidate] >= score) {
                rank++;
            }
        }
        return rank;
    }

    /** Rank under full ranking: all items except padding, the target and the excluded (seen) items. */
    static int fullRank(float[] scores, int target, int[] excluded) {
        float score = scores[target];
        int rank = 0;
        for (int item = 1; item < scores.length; item++) {
            if (item != target && scores[item] >= score) {
                rank++;
            }
        }
        for (int item : distinct(excluded)) {
            if (item != target && item > 0 && scores[item] >= score) {
                rank--;
            }
        }
        return rank;
    }

    private static int[] distinct(int[] items) {
        return java.util.Arrays.stream(items).distinct().toArray();
    }
}
