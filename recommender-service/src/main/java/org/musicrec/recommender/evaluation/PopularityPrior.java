package org.musicrec.recommender.evaluation;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.musicrec.recommender.ranking.AttentionModel;
import org.musicrec.recommender.ranking.AttentionScorer;

/**
 * Chooses the weight of the popularity prior added to the attention scores on the validation targets
 * (never on test), and returns the model with that prior baked in.
 */
final class PopularityPrior {

    private PopularityPrior() {
    }

    /**
     * @param counts  per item index its training occurrences
     * @param weights candidate weights; the first best one on validation NDCG@10 wins (list 0 first to
     *                prefer no prior on a tie)
     */
    static AttentionModel tune(AttentionModel model, float[] counts, List<Float> weights, int[][] inputs,
                               int[] targets, PrintStream console) {
        if (weights.isEmpty()) {
            return model;
        }
        float bestWeight = weights.get(0);
        double bestNdcg = Double.NEGATIVE_INFINITY;
        for (float weight : weights) {
            AttentionModel candidate = model.withPopularityPrior(counts, weight);
            double ndcg;
            try (AttentionScorer scorer = candidate.openScorer()) {
                ndcg = Evaluator.fullRanking(scorer, inputs, targets).ndcg(10);
            }
            console.printf(Locale.ROOT, "popularity prior w=%.2f  val NDCG@10 %.4f%n", weight, ndcg);
            if (ndcg > bestNdcg) {
                bestNdcg = ndcg;
                bestWeight = weight;
            }
        }
        console.printf(Locale.ROOT, "popularity prior: w=%.2f chosen on validation%n", bestWeight);
        return model.withPopularityPrior(counts, bestWeight);
    }
}
