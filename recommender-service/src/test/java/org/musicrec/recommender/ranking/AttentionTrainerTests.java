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
}
