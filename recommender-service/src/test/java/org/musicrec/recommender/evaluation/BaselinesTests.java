package org.musicrec.recommender.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselinesTests {

    private static final int[][] TRAIN = {{1, 2, 3}, {1, 2}, {2, 4}, {5}};

    @Test
    void popularityScoresByNumberOfTrainingSequences() {
        float[] scores = new PopularityScorer(TRAIN, 5).score(new int[][] {{3}})[0];
        assertThat(scores).containsExactly(0f, 2f, 3f, 1f, 1f, 1f);
    }

    @Test
    void itemKnnUsesCosineOfCoOccurrence() {
        float[] scores = new ItemKnnScorer(TRAIN, 5, 0).score(new int[][] {{1}})[0];
        // item 1 in users {0,1}; item 2 in {0,1,2}: 2 / sqrt(2*3); item 3 in {0}: 1 / sqrt(2*1); 4 and 5 never with 1
        assertThat(scores[2]).isCloseTo((float) (2 / Math.sqrt(6)), within(1e-6f));
        assertThat(scores[3]).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-6f));
        assertThat(scores[4]).isZero();
        assertThat(scores[5]).isZero();
        assertThat(scores[1]).isZero();
    }

    @Test
    void itemKnnKeepsOnlyTheClosestNeighbours() {
        float[] scores = new ItemKnnScorer(TRAIN, 5, 1).score(new int[][] {{1}})[0];
        assertThat(scores[2]).isGreaterThan(0f);
        assertThat(scores[3]).isZero();
    }

    @Test
    void leaveOneOutHoldsOutTheLastTwoItemsOfUsersWithThreeOrMore() {
        LeaveOneOutSplit split = LeaveOneOutSplit.of(new int[][] {{1, 2, 3, 4}, {5, 6}, {7, 8, 9}});
        assertThat(split.train()).isDeepEqualTo(new int[][] {{1, 2}, {5, 6}, {7}});
        assertThat(split.evaluated()).containsExactly(0, 2);
        assertThat(split.validInputs()).isDeepEqualTo(new int[][] {{1, 2}, {7}});
        assertThat(split.validTargets()).containsExactly(3, 8);
        assertThat(split.testInputs()).isDeepEqualTo(new int[][] {{1, 2, 3}, {7, 8}});
        assertThat(split.testTargets()).containsExactly(4, 9);
    }

    @Test
    void trainingJobHoldsOutTheLastItemOfUsersWithTwoOrMore() {
        LastItemHoldout split = LastItemHoldout.of(new int[][] {{1, 2, 3}, {4}, {5, 6}});
        assertThat(split.train()).isDeepEqualTo(new int[][] {{1, 2}, {4}, {5}});
        assertThat(split.inputs()).isDeepEqualTo(new int[][] {{1, 2}, {5}});
        assertThat(split.targets()).containsExactly(3, 6);
    }

    @Test
    void fingerprintDependsOnIdsAndOrderNotOnIndexes() {
        Map<String, List<String>> a = new LinkedHashMap<>();
        a.put("u1", List.of("x", "y"));
        Map<String, List<String>> swapped = new LinkedHashMap<>();
        swapped.put("u1", List.of("y", "x"));
        assertThat(InteractionData.of(a).fingerprint()).isEqualTo(InteractionData.of(new LinkedHashMap<>(a)).fingerprint())
                .isNotEqualTo(InteractionData.of(swapped).fingerprint());
    }

    @Test
    void sequenceLinesBecomeIndexedSequences() {
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        byUser.put("u1", List.of("a", "b", "c"));
        byUser.put("u2", List.of("c", "a"));
        InteractionData data = InteractionData.of(byUser);
        assertThat(data.sequences()).isDeepEqualTo(new int[][] {{1, 2, 3}, {3, 1}});
        assertThat(data.vocabulary().idAt(3)).isEqualTo("c");
    }

    @Test
    void aSequencesFileThatIsADirectoryOrNotUtf8IsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InteractionData.sequences(dir))
                .hasMessage(dir + " is a directory; give the sequences file itself");
        java.nio.file.Path latin1 = dir.resolve("latin1.txt");
        java.nio.file.Files.write(latin1, new byte[] {'u', ' ', (byte) 0xE9, ' ', 'b', '\n'});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InteractionData.sequences(latin1))
                .hasMessage(latin1 + " is not UTF-8 text");
    }

    @Test
    void reportWritesTheAgreedJsonShape() {
        Map<String, Map<String, Double>> models = new LinkedHashMap<>();
        models.put("popularity", Map.of("HR@10", 0.25));
        String json = new MetricsReport("full-ranking", 3, 7, 1.5, models).toJson();
        assertThat(json.replaceAll("\\s", "")).isEqualTo(
                "{\"protocol\":\"full-ranking\",\"users\":3,\"items\":7,\"trainSeconds\":1.500000,"
                        + "\"models\":{\"popularity\":{\"HR@10\":0.250000}}}");
    }
}
