package org.musicrec.recommender.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.musicrec.recommender.ranking.ItemScorer;

/**
 * Baseline: item-based k-nearest neighbours on co-occurrence in training sequences. Similarity is the
 * cosine of the items' user sets, c(i,j) / sqrt(c(i) c(j)); a user's score for j is the sum of
 * similarities between j and the history items, each item keeping only its k most similar neighbours.
 */
final class ItemKnnScorer implements ItemScorer {

    private final int itemCount;
    private final int[][] neighbours;
    private final float[][] similarities;

    /**
     * @param k neighbours kept per item; 0 keeps all
     */
    ItemKnnScorer(int[][] train, int itemCount, int k) {
        this.itemCount = itemCount;
        List<List<Integer>> usersOf = new ArrayList<>(itemCount + 1);
        for (int i = 0; i <= itemCount; i++) {
            usersOf.add(new ArrayList<>());
        }
        int[][] sets = new int[train.length][];
        for (int u = 0; u < train.length; u++) {
            sets[u] = Arrays.stream(train[u]).distinct().toArray();
            for (int item : sets[u]) {
                usersOf.get(item).add(u);
            }
        }
        neighbours = new int[itemCount + 1][];
        similarities = new float[itemCount + 1][];
        int[] together = new int[itemCount + 1];
        int[] touched = new int[itemCount + 1];
        for (int i = 1; i <= itemCount; i++) {
            int count = 0;
            for (int u : usersOf.get(i)) {
                for (int j : sets[u]) {
                    if (j != i && together[j]++ == 0) {
                        touched[count++] = j;
                    }
                }
            }
            int[] ids = Arrays.copyOf(touched, count);
            float[] sims = new float[count];
            double own = usersOf.get(i).size();
            for (int n = 0; n < count; n++) {
                int j = ids[n];
                sims[n] = (float) (together[j] / Math.sqrt(own * usersOf.get(j).size()));
                together[j] = 0;
            }
            keepTop(i, ids, sims, k);
        }
    }

    private void keepTop(int item, int[] ids, float[] sims, int k) {
        if (k <= 0 || ids.length <= k) {
            neighbours[item] = ids;
            similarities[item] = sims;
            return;
        }
        Integer[] order = new Integer[ids.length];
        for (int n = 0; n < order.length; n++) {
            order[n] = n;
        }
        Arrays.sort(order, (a, b) -> Float.compare(sims[b], sims[a]));
        neighbours[item] = new int[k];
        similarities[item] = new float[k];
        for (int n = 0; n < k; n++) {
            neighbours[item][n] = ids[order[n]];
            similarities[item][n] = sims[order[n]];
        }
    }

    @Override
    public float[][] score(int[][] histories) {
        float[][] scores = new float[histories.length][];
        for (int r = 0; r < histories.length; r++) {
            float[] row = new float[itemCount + 1];
            for (int item : Arrays.stream(histories[r]).distinct().toArray()) {
                int[] ids = neighbours[item];
                float[] sims = similarities[item];
                for (int n = 0; n < ids.length; n++) {
                    row[ids[n]] += sims[n];
                }
            }
            scores[r] = row;
        }
        return scores;
    }
}
