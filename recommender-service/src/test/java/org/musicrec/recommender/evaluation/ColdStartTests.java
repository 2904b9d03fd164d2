package org.musicrec.recommender.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicrec.recommender.ranking.ItemFeatures;
import org.musicrec.recommender.ranking.ItemVocabulary;

class ColdStartTests {

    @Test
    void coldItemsLeaveTrainingAndTheFirstColdListenOfEachUserIsTheTestCase() {
        int[][] sequences = {
                {1, 2, 3, 4, 5, 6},
                {7, 3, 8, 9, 10},
                {2, 1},
                {6, 5, 4, 3},
        };
        int[][] days = {{1, 1, 2, 3, 3, 4}, {1, 2, 3, 4, 5}, {1, 1}, {1, 2, 3, 4}};
        ColdStartSplit split = ColdStartSplit.of(sequences, days, 10, 0.3, 7);
        int[] cold = split.coldItems();
        assertThat(cold).hasSize(3);
        for (int u = 0; u < sequences.length; u++) {
            assertThat(split.train()[u]).as("user %d trains on warm items only", u).doesNotContain(cold);
            assertThat(split.trainDays()[u]).hasSameSizeAs(split.train()[u]);
        }
        List<Integer> coldList = java.util.Arrays.stream(cold).boxed().toList();
        for (int i = 0; i < split.testTargets().length; i++) {
            int u = split.testUsers()[i];
            int[] input = split.testInputs()[i];
            assertThat(coldList).contains(split.testTargets()[i]);
            assertThat(input).isNotEmpty().doesNotContain(cold);
            // the input is exactly the history before the target, and the target is the user's first cold item
            assertThat(sequences[u][input.length]).isEqualTo(split.testTargets()[i]);
            assertThat(java.util.Arrays.copyOf(sequences[u], input.length)).containsExactly(input);
        }
        // a test case per user whose first listen is warm and whose history reaches a cold item later
        long expected = java.util.Arrays.stream(sequences)
                .filter(seq -> !coldList.contains(seq[0]))
                .filter(seq -> java.util.Arrays.stream(seq).anyMatch(coldList::contains))
                .count();
        assertThat((long) split.testTargets().length).isEqualTo(expected);
        // users with three or more warm items validate on their last warm item, which leaves their training data
        for (int i = 0; i < split.validTargets().length; i++) {
            assertThat(coldList).doesNotContain(split.validTargets()[i]);
            assertThat(split.validInputs()[i]).doesNotContain(split.validTargets()[i]);
        }
        assertThatThrownBy(() -> ColdStartSplit.of(sequences, null, 10, 1.0, 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cold fraction");
    }

    @Test
    void theSameSeedHoldsOutTheSameItems() {
        int[][] sequences = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}};
        assertThat(ColdStartSplit.of(sequences, null, 10, 0.5, 3).coldItems())
                .containsExactly(ColdStartSplit.of(sequences, null, 10, 0.5, 3).coldItems())
                .hasSize(5);
    }

    @Test
    void tagProfileScoresTheDotProductOfAnItemsTagsWithTheHistorysTags() {
        ItemVocabulary vocabulary = ItemVocabulary.of(List.of("a", "b", "c"));
        ItemFeatures features = ItemFeatures.fromTagCounts(vocabulary, Map.of(
                "a", Map.of("rock", 1), "b", Map.of("rock", 1, "jazz", 1), "c", Map.of("jazz", 1)), 2, 1);
        float[] scores = new TagProfileScorer(features).score(new int[][] {{vocabulary.indexOf("a")}})[0];
        // a = (rock); b = (rock, jazz) / sqrt 2 (equal idf); c = (jazz)
        assertThat(scores[vocabulary.indexOf("a")]).isCloseTo(1f, within(1e-6f));
        assertThat(scores[vocabulary.indexOf("b")]).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-6f));
        assertThat(scores[vocabulary.indexOf("c")]).isZero();
    }
}
