package org.musicrec.recommender.evaluation;

import org.musicrec.recommender.ranking.ItemScorer;

/** Baseline: every user gets the items ranked by how many training sequences contain them. */
final class PopularityScorer implements ItemScorer {

    private final float[] counts;

    PopularityScorer(int[][] train, int itemCount) {
        counts = new float[itemCount + 1];
        for (int[] sequence : train) {
            for (int item : sequence) {
                counts[item]++;
            }
        }
    }

    /** Per item index the number of training occurrences (a copy). */
    float[] counts() {
        return counts.clone();
    }

    @Override
    public float[][] score(int[][] histories) {
        float[][] scores = new float[histories.length][];
        for (int i = 0; i < histories.length; i++) {
            scores[i] = counts.clone();
        }
        return scores;
    }
}
