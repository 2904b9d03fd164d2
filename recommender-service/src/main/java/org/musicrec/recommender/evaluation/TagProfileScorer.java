package org.musicrec.recommender.evaluation;

import org.musicrec.recommender.ranking.ItemFeatures;
import org.musicrec.recommender.ranking.ItemScorer;

/**
 * Content baseline: the user's profile is the sum of the TF-IDF tag vectors of the history items; an item scores
 * the dot product of its own tag vector with that profile. Needs no listening data about the item, so it can rank
 * tracks nobody has played yet.
 */
final class TagProfileScorer implements ItemScorer {

    private final ItemFeatures features;
    private final int tags;

    TagProfileScorer(ItemFeatures features) {
        this.features = features;
        this.tags = features.tags().size();
    }

    @Override
    public float[][] score(int[][] histories) {
        int perItem = features.perItem();
        int[] indexes = features.tagIndexes();
        float[] weights = features.tagWeights();
        float[][] scores = new float[histories.length][];
        for (int h = 0; h < histories.length; h++) {
            float[] profile = new float[tags + 1];
            for (int item : histories[h]) {
                for (int k = item * perItem; k < (item + 1) * perItem; k++) {
                    profile[indexes[k]] += weights[k];
                }
            }
            profile[0] = 0;
            float[] row = new float[features.itemCount() + 1];
            for (int item = 1; item < row.length; item++) {
                float dot = 0;
                for (int k = item * perItem; k < (item + 1) * perItem; k++) {
                    dot += profile[indexes[k]] * weights[k];
                }
                row[item] = dot;
            }
            scores[h] = row;
        }
        return scores;
    }
}
