package org.musicrec.recommender.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Leave-one-out by time: every user's last item is the test target, the second-last the validation
 * target, the rest is training data. Users with fewer than three items only contribute training data.
 *
 * @param train        per user (all users) the sequence models may learn from
 * @param evaluated    indexes of the users that have validation and test targets
 * @param validInputs  per evaluated user the training sequence
 * @param validTargets per evaluated user the second-last item
 * @param testInputs   per evaluated user the training sequence plus the validation item
 * @param testTargets  per evaluated user the last item
 */
record LeaveOneOutSplit(int[][] train, int[] evaluated, int[][] validInputs, int[] validTargets,
                        int[][] testInputs, int[] testTargets) {

    static LeaveOneOutSplit of(int[][] sequences) {
        int[][] train = new int[sequences.length][];
        List<Integer> evaluated = new ArrayList<>();
        for (int u = 0; u < sequences.length; u++) {
            int[] sequence = sequences[u];
            if (sequence.length >= 3) {
                train[u] = Arrays.copyOf(sequence, sequence.length - 2);
                evaluated.add(u);
            } else {
                train[u] = sequence.clone();
            }
        }
        int n = evaluated.size();
        int[] users = new int[n];
        int[][] validInputs = new int[n][];
        int[] validTargets = new int[n];
        int[][] testInputs = new int[n][];
        int[] testTargets = new int[n];
        for (int i = 0; i < n; i++) {
            int u = evaluated.get(i);
            int[] sequence = sequences[u];
            users[i] = u;
            validInputs[i] = train[u];
            validTargets[i] = sequence[sequence.length - 2];
            testInputs[i] = Arrays.copyOf(sequence, sequence.length - 1);
            testTargets[i] = sequence[sequence.length - 1];
        }
        return new LeaveOneOutSplit(train, users, validInputs, validTargets, testInputs, testTargets);
    }
}
