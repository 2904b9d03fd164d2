package org.musicrec.recommender.ranking;

/** Scores every item index for a batch of histories; the shared shape of models and baselines. */
@FunctionalInterface
public interface ItemScorer {

    /**
     * @param histories item indexes (1-based) per user, oldest first
     * @return per history a score per item index, {@code [histories.length][items + 1]}; index 0 is unused
     */
    float[][] score(int[][] histories);
}
