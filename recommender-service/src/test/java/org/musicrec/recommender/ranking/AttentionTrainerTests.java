package org.musicrec.recommender.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttentionTrainerTests {

    @Test
    void dayTargetsSpreadEachPositionOverTheRestOfTheNextItemsDay() {
        // items 1..5; days: 1 | 2 2 2 | 3  → position of 1 predicts {2,3,4}, of 2 predicts {3,4}, of 3 {4}, of 4 {5}
        AttentionTrainer.Window window = new AttentionTrainer.Window(new int[] {1, 2, 3, 4, 5}, new int[] {1, 2, 2, 2, 3});
        AttentionTrainer.Step step = AttentionTrainer.Step.of(List.of(window), 6);
        assertThat(step.history()).containsExactly(0, 0, 1, 2, 3, 4);
        assertThat(step.positions()).containsExactly(2, 3, 4, 5);
        assertThat(step.targets()).containsExactly(2, 3, 4, 5);
        assertThat(step.labelIndices()).containsExactly(0, 2, 0, 3, 0, 4, 1, 3, 1, 4, 2, 4, 3, 5);
        assertThat(step.labelWeights()).containsExactly(1 / 3f, 1 / 3f, 1 / 3f, 0.5f, 0.5f, 1f, 1f);
    }

    @Test
    void withoutDaysEveryPositionPredictsOnlyTheNextItem() {
        AttentionTrainer.Window window = new AttentionTrainer.Window(new int[] {7, 8, 9}, null);
        AttentionTrainer.Step step = AttentionTrainer.Step.of(List.of(window), 3);
        assertThat(step.labelIndices()).containsExactly(0, 8, 1, 9);
        assertThat(step.labelWeights()).containsExactly(1f, 1f);
    }

    @Test
    void windowsKeepEveryTargetOnceAndCarryTheirDays() {
        List<AttentionTrainer.Window> windows = AttentionTrainer.windows(
                new int[][] {{1, 2, 3, 4, 5, 6}}, new int[][] {{0, 0, 1, 1, 2, 2}}, 3);
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).items()).containsExactly(3, 4, 5, 6);
        assertThat(windows.get(0).keys()).containsExactly(1, 1, 2, 2);
        assertThat(windows.get(1).items()).containsExactly(1, 2, 3);
    }

    @Test
    void theBestAveragedEpochsAreKeptOnlyWhenTheyValidateBetter() {
        int[][] sequences = {{1, 2, 3, 4, 1, 2, 3, 4}, {2, 3, 4, 1, 2, 3, 4, 1}, {3, 4, 1, 2, 3, 4, 1, 2}};
        AttentionConfig config = new AttentionConfig(6, 16, 1, 1, 0.1f, 5e-3f, 32, 10, 3, 0, 5L);
        // epochs score 0.5, 0.4, 0.3, 0.2 (patience 3 stops after the fourth); calls 5 and 6 validate the means of
        // the 2 and the 3 best epochs
        double[][] cases = {{0.7, 0.9}, {0.9, 0.7}, {0.1, 0.2}};
        for (double[] averaged : cases) {
            int[] calls = {0};
            AttentionModel model = new AttentionTrainer(config).withAveragedEpochs(2, 3).train(sequences, 4,
                    scorer -> {
                        float[][] scores = scorer.score(new int[][] {{1, 2}});
                        assertThat(scores[0]).hasSize(5).doesNotContain(Float.NaN);
                        calls[0]++;
                        return calls[0] <= 4 ? 0.6 - calls[0] / 10.0 : averaged[calls[0] - 5];
                    }, e -> { });
            assertThat(calls[0]).isEqualTo(6);
            assertThat(model.bestEpoch()).isEqualTo(1);
            if (averaged[1] > averaged[0] && averaged[1] > 0.5) {
                assertThat(model.averagedEpochs()).containsExactly(1, 2, 3);
                assertThat(model.bestValidationNdcg()).isEqualTo(averaged[1]);
            } else if (averaged[0] > 0.5) {
                assertThat(model.averagedEpochs()).containsExactly(1, 2);
                assertThat(model.bestValidationNdcg()).isEqualTo(averaged[0]);
            } else {
                assertThat(model.averagedEpochs()).isEmpty();
                assertThat(model.bestValidationNdcg()).isEqualTo(0.5);
            }
        }
        // averaging off: no extra validation
        int[] calls = {0};
        new AttentionTrainer(config).train(sequences, 4, scorer -> ++calls[0] == 1 ? 1.0 : 0.0, e -> { });
        assertThat(calls[0]).isEqualTo(4);
    }

}
