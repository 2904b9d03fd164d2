package org.musicrec.recommender.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training job's split: every user's last item is held out for validation (early stopping, the prior's
 * weight and the reported metrics); everything else is training data. Users with a single item only
 * contribute training data.
 *
 * @param train   per user the items the model learns from
 * @param inputs  per validated user the training sequence
 * @param targets per validated user the held-out last item
 */
record LastItemHoldout(int[][] train, int[][] inputs, int[] targets) {

    static LastItemHoldout of(int[][] sequences) {
        int[][] train = new int[sequences.length][];
        List<int[]> inputs = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (int u = 0; u < sequences.length; u++) {
            int[] sequence = sequences[u];
            if (sequence.length >= 2) {
                train[u] = Arrays.copyOf(sequence, sequence.length - 1);
                inputs.add(train[u]);
                targets.add(sequence[sequence.length - 1]);
            } else {
                train[u] = sequence.clone();
            }
        }
        return new LastItemHoldout(train, inputs.toArray(int[][]::new),
                targets.stream().mapToInt(Integer::intValue).toArray());
    }
}
