package org.musicrec.recommender.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Item cold start: a random fraction of the items (artists) is held out of training entirely, as tracks that
 * arrive after the model was trained. Each user whose history reaches a cold item at position p >= 1 gives one
 * test case: the items before it (all warm) as input, the first cold item as target. The models train on every
 * sequence with all cold items removed; the last warm item of users with at least three warm items is the
 * validation target (early stopping), the rest is training data.
 *
 * <p>Training keeps the warm items a user had after the cold target: the split is by item, not by time, so the
 * model knows more of the user than at the moment of the cold listen, but nothing of the cold items.
 *
 * @param cold         per item index (0 = padding) whether it is held out
 * @param train        per user the warm sequence models may learn from
 * @param trainDays    per user the day keys of {@code train} (null without dates)
 * @param validInputs  per validated user the training sequence
 * @param validTargets per validated user the last warm item
 * @param testUsers    user index of each test case
 * @param testInputs   per test case the items before the first cold item
 * @param testTargets  per test case that cold item
 */
record ColdStartSplit(boolean[] cold, int[][] train, int[][] trainDays, int[][] validInputs, int[] validTargets,
                      int[] testUsers, int[][] testInputs, int[] testTargets) {

    static ColdStartSplit of(int[][] sequences, int[][] days, int itemCount, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the cold fraction must be between 0 and 1, got " + fraction);
        }
        boolean[] seen = new boolean[itemCount + 1];
        List<Integer> items = new ArrayList<>();
        for (int[] sequence : sequences) {
            for (int item : sequence) {
                if (!seen[item]) {
                    seen[item] = true;
                    items.add(item);
                }
            }
        }
        items.sort(null);
        java.util.Collections.shuffle(items, new Random(seed));
        boolean[] cold = new boolean[itemCount + 1];
        for (int item : items.subList(0, (int) Math.round(items.size() * fraction))) {
            cold[item] = true;
        }

        int[][] train = new int[sequences.length][];
        int[][] trainDays = days == null ? null : new int[sequences.length][];
        List<int[]> validInputs = new ArrayList<>();
        List<Integer> validTargets = new ArrayList<>();
        List<Integer> testUsers = new ArrayList<>();
        List<int[]> testInputs = new ArrayList<>();
        List<Integer> testTargets = new ArrayList<>();
        for (int u = 0; u < sequences.length; u++) {
            int[] sequence = sequences[u];
            int[] warm = new int[sequence.length];
            int[] warmDays = new int[sequence.length];
            int n = 0;
            int firstCold = -1;
            for (int i = 0; i < sequence.length; i++) {
                if (cold[sequence[i]]) {
                    if (firstCold < 0) {
                        firstCold = i;
                    }
                } else {
                    warm[n] = sequence[i];
                    warmDays[n++] = days == null ? 0 : days[u][i];
                }
            }
            if (firstCold >= 1) {
                testUsers.add(u);
                testInputs.add(Arrays.copyOf(sequence, firstCold));
                testTargets.add(sequence[firstCold]);
            }
            int kept = n >= 3 ? n - 1 : n;
            train[u] = Arrays.copyOf(warm, kept);
            if (trainDays != null) {
                trainDays[u] = Arrays.copyOf(warmDays, kept);
            }
            if (n >= 3) {
                validInputs.add(train[u]);
                validTargets.add(warm[n - 1]);
            }
        }
        return new ColdStartSplit(cold, train, trainDays, validInputs.toArray(int[][]::new),
                validTargets.stream().mapToInt(Integer::intValue).toArray(),
                testUsers.stream().mapToInt(Integer::intValue).toArray(), testInputs.toArray(int[][]::new),
                testTargets.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The cold item indexes, ascending: the candidates a new-track ranking chooses among. */
    int[] coldItems() {
        List<Integer> items = new ArrayList<>();
        for (int item = 1; item < cold.length; item++) {
            if (cold[item]) {
                items.add(item);
            }
        }
        return items.stream().mapToInt(Integer::intValue).toArray();
    }
}
