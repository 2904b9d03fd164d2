package org.musicrec.recommender.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tag features: the TF-IDF table against hand-computed values, and what they buy the model. */
class ItemFeaturesTests {

    @TempDir
    Path temp;

    @Test
    void weightsAreLogCountTimesIdfNormalisedAndRareTagsDropped() {
        ItemVocabulary vocabulary = ItemVocabulary.of(List.of("a", "b", "c", "d"));
        Map<String, Map<String, Integer>> counts = Map.of(
                "a", Map.of("rock", 3, "indie", 1, "only-on-a", 5),
                "b", Map.of("rock", 1),
                "c", Map.of("indie", 2));
        ItemFeatures features = ItemFeatures.fromTagCounts(vocabulary, counts, 2, 2);

        // "only-on-a" is on one item: dropped; rock and indie are on two items each (ties by name)
        assertThat(features.tags()).containsExactly("indie", "rock");
        assertThat(features.itemCount()).isEqualTo(4);
        assertThat(features.itemsWithTags()).isEqualTo(3);
        double idf = Math.log(5.0 / 3.0) + 1;
        double rock = Math.log1p(3) * idf;
        double indie = Math.log1p(1) * idf;
        double norm = Math.hypot(rock, indie);
        int a = vocabulary.indexOf("a");
        assertThat(features.tagIndexes()[a * 2]).isEqualTo(2); // rock first: the larger weight
        assertThat(features.tagWeights()[a * 2]).isCloseTo((float) (rock / norm), offset(1e-6f));
        assertThat(features.tagIndexes()[a * 2 + 1]).isEqualTo(1);
        assertThat(features.tagWeights()[a * 2 + 1]).isCloseTo((float) (indie / norm), offset(1e-6f));
        int b = vocabulary.indexOf("b");
        assertThat(features.tagIndexes()[b * 2]).isEqualTo(2);
        assertThat(features.tagWeights()[b * 2]).isEqualTo(1f);
        assertThat(features.tagWeights()[b * 2 + 1]).isZero();
        int d = vocabulary.indexOf("d");
        assertThat(features.tagWeights()[d * 2]).isZero();
        // padding row
        assertThat(features.tagIndexes()[0]).isZero();
        assertThat(features.tagWeights()[0]).isZero();
    }

    @Test
    void keepsOnlyTheStrongestTagsPerItem() {
        ItemVocabulary vocabulary = ItemVocabulary.of(List.of("a", "b"));
        Map<String, Map<String, Integer>> counts = Map.of(
                "a", Map.of("x", 9, "y", 1, "z", 4),
                "b", Map.of("x", 1, "y", 1, "z", 1));
        ItemFeatures features = ItemFeatures.fromTagCounts(vocabulary, counts, 2, 1);
        int a = vocabulary.indexOf("a");
        List<String> kept = List.of(features.tags().get(features.tagIndexes()[a * 2] - 1),
                features.tags().get(features.tagIndexes()[a * 2 + 1] - 1));
        assertThat(kept).containsExactly("x", "z");
    }

    @Test
    void givenWeightsKeepTheLargestPerItemAndDropFeaturesOfOneItem() {
        ItemVocabulary vocabulary = ItemVocabulary.of(List.of("a", "b", "c"));
        Map<String, Map<String, Double>> weights = Map.of(
                "a", Map.of("n:b", 0.6, "n:c", 0.8, "n:z", 0.1),
                "b", Map.of("n:c", 0.3, "n:z", 0.4, "n:only-b", 2.0),
                "c", Map.of("n:b", -1.0));
        ItemFeatures features = ItemFeatures.fromWeights(vocabulary, weights, 2, 2);

        // n:c and n:z are on two items, n:b has a positive weight on a only, n:only-b is on b only
        assertThat(features.tags()).containsExactly("n:c", "n:z");
        int a = vocabulary.indexOf("a");
        assertThat(features.tagIndexes()[a * 2]).isEqualTo(1);
        assertThat(features.tagWeights()[a * 2]).isCloseTo((float) (0.8 / Math.hypot(0.8, 0.1)), offset(1e-6f));
        assertThat(features.tagIndexes()[a * 2 + 1]).isEqualTo(2);
        int b = vocabulary.indexOf("b");
        assertThat(features.tagIndexes()[b * 2]).isEqualTo(2); // 0.4 before 0.3
        assertThat(features.tagWeights()[b * 2]).isCloseTo(0.8f, offset(1e-6f));
        assertThat(features.tagWeights()[b * 2 + 1]).isCloseTo(0.6f, offset(1e-6f));
        assertThat(features.hasTags(vocabulary.indexOf("c"))).isFalse();
    }

    @Test
    void concatenatedFeaturesKeepBothPartsAndShiftTheSecondsIndexes() {
        ItemVocabulary vocabulary = ItemVocabulary.of(List.of("a", "b"));
        ItemFeatures tags = ItemFeatures.fromTagCounts(vocabulary, Map.of("a", Map.of("rock", 1, "pop", 1),
                "b", Map.of("rock", 2)), 2, 1);
        ItemFeatures heard = ItemFeatures.fromWeights(vocabulary, Map.of("b", Map.of("n:a", 1.0)), 1, 1);
        ItemFeatures both = ItemFeatures.concat(tags, heard);

        assertThat(both.tags()).containsExactly("rock", "pop", "n:a");
        assertThat(both.perItem()).isEqualTo(3);
        int a = vocabulary.indexOf("a");
        int b = vocabulary.indexOf("b");
        // a: its two tags, no neighbour; b: one tag, then the neighbour at index 1 + 2 tags
        assertThat(Arrays.copyOfRange(both.tagIndexes(), a * 3, a * 3 + 3)).containsExactly(
                tags.tagIndexes()[a * 2], tags.tagIndexes()[a * 2 + 1], 0);
        assertThat(Arrays.copyOfRange(both.tagIndexes(), b * 3, b * 3 + 3)).containsExactly(1, 0, 3);
        assertThat(Arrays.copyOfRange(both.tagWeights(), b * 3, b * 3 + 3)).containsExactly(1f, 0f, 1f);
        assertThat(both.itemsWithTags()).isEqualTo(2);
        // an item with neighbours but no tags still has features
        ItemFeatures neighboursFirst = ItemFeatures.concat(heard, tags);
        assertThat(neighboursFirst.hasTags(a)).isTrue();
        assertThatThrownBy(() -> ItemFeatures.concat(tags, ItemFeatures.fromWeights(ItemVocabulary.of(List.of("a")),
                Map.of(), 1, 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesFeaturesForAnotherCatalogue() {
        ItemFeatures features = ItemFeatures.fromTagCounts(ItemVocabulary.of(List.of("a", "b")),
                Map.of("a", Map.of("t", 1), "b", Map.of("t", 1)), 1, 1);
        assertThatThrownBy(() -> new AttentionTrainer(small()).train(new int[][] {{1, 2, 3}}, null, 3, features,
                s -> 0.0, e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features describe 2 items");
    }

    /**
     * Two genres of 8 tracks, each track tagged with its genre; listeners stay within one genre. Track 8 of
     * each genre never occurs in training. With tag features, a rock history must rank the unseen rock track
     * above the unseen jazz track, and the exported model must serve exactly the same scores.
     */
    @Test
    void scoresAnItemNeverSeenInTrainingFromItsTagsAndExportsTheFeatures() throws IOException {
        int perGenre = 8;
        List<String> ids = new ArrayList<>();
        Map<String, Map<String, Integer>> tags = new HashMap<>();
        for (String genre : List.of("rock", "jazz")) {
            for (int i = 1; i <= perGenre; i++) {
                String id = genre + "-" + i;
                ids.add(id);
                tags.put(id, Map.of(genre, 3, "music", 1));
            }
        }
        ItemVocabulary vocabulary = ItemVocabulary.of(ids);
        ItemFeatures features = ItemFeatures.fromTagCounts(vocabulary, tags, 4, 2);
        Random random = new Random(3);
        int[][] sequences = new int[200][];
        for (int u = 0; u < sequences.length; u++) {
            int genreOffset = (u % 2) * perGenre;
            sequences[u] = random.ints(6, 1, perGenre).map(i -> genreOffset + i).toArray(); // items 1..7 of a genre
        }
        AttentionModel model = new AttentionTrainer(small()).train(sequences, null, ids.size(), features,
                s -> 0.0, e -> { });
        assertThat(model.features()).isEqualTo(features);

        int unseenRock = vocabulary.indexOf("rock-8");
        int unseenJazz = vocabulary.indexOf("jazz-8");
        int[] rockHistory = IntStream.rangeClosed(1, 5).map(i -> vocabulary.indexOf("rock-" + i)).toArray();
        int[] jazzHistory = IntStream.rangeClosed(1, 5).map(i -> vocabulary.indexOf("jazz-" + i)).toArray();
        Path dir = temp.resolve("with-tags");
        AttentionModelExporter.export(model, vocabulary, "v-tags", dir);
        try (AttentionScorer scorer = model.openScorer(); SavedModelRanker loaded = SavedModelRanker.load(dir)) {
            float[][] scores = scorer.score(new int[][] {rockHistory, jazzHistory});
            assertThat(scores[0][unseenRock]).isGreaterThan(scores[0][unseenJazz]);
            assertThat(scores[1][unseenJazz]).isGreaterThan(scores[1][unseenRock]);
            List<String> history = IntStream.of(rockHistory).mapToObj(vocabulary::idAt).toList();
            for (ScoredTrack track : loaded.rank(history, ids.size(), id -> true)) {
                // the same graph; constant folding of the tag table may round the last bit differently
                assertThat(track.score()).isCloseTo(scores[0][vocabulary.indexOf(track.trackId())], offset(1e-4));
            }
        }
    }

    /**
     * Cold start as {@code evaluate --cold-start} trains it: the held-out tracks keep a zero id embedding (no
     * gradient reaches them: they are masked out of the softmax and never in a history), so their vectors are their
     * tags alone, and the tags still put each on its genre's side.
     */
    @Test
    void contentOnlyItemsKeepZeroIdEmbeddingsAndAreRankedByTheirTags() {
        int perGenre = 8;
        List<String> ids = new ArrayList<>();
        Map<String, Map<String, Integer>> tags = new HashMap<>();
        for (String genre : List.of("rock", "jazz")) {
            for (int i = 1; i <= perGenre; i++) {
                ids.add(genre + "-" + i);
                tags.put(genre + "-" + i, Map.of(genre, 3, "music", 1));
            }
        }
        ItemVocabulary vocabulary = ItemVocabulary.of(ids);
        ItemFeatures features = ItemFeatures.fromTagCounts(vocabulary, tags, 4, 2);
        int newRock = vocabulary.indexOf("rock-8");
        int newJazz = vocabulary.indexOf("jazz-8");
        boolean[] contentOnly = new boolean[ids.size() + 1];
        contentOnly[newRock] = true;
        contentOnly[newJazz] = true;
        Random random = new Random(5);
        int[][] sequences = new int[200][];
        for (int u = 0; u < sequences.length; u++) {
            int genreOffset = (u % 2) * perGenre;
            sequences[u] = random.ints(6, 1, perGenre).map(i -> genreOffset + i).toArray();
        }
        AttentionModel model = new AttentionTrainer(small()).withContentOnlyItems(contentOnly)
                .train(sequences, null, ids.size(), features, s -> 0.0, e -> { });

        float[] idEmbeddings = model.weights().get("item_embeddings").values();
        int width = small().hiddenSize();
        for (int item : new int[] {newRock, newJazz}) {
            assertThat(Arrays.copyOfRange(idEmbeddings, item * width, (item + 1) * width)).containsOnly(0f);
        }
        assertThat(Arrays.copyOfRange(idEmbeddings, width, 2 * width)).as("a warm item learned an id embedding")
                .isNotEqualTo(new float[width]);
        int[] rockHistory = IntStream.rangeClosed(1, 5).map(i -> vocabulary.indexOf("rock-" + i)).toArray();
        int[] jazzHistory = IntStream.rangeClosed(1, 5).map(i -> vocabulary.indexOf("jazz-" + i)).toArray();
        try (AttentionScorer scorer = model.openScorer()) {
            float[][] scores = scorer.score(new int[][] {rockHistory, jazzHistory});
            assertThat(scores[0][newRock]).isGreaterThan(scores[0][newJazz]);
            assertThat(scores[1][newJazz]).isGreaterThan(scores[1][newRock]);
        }
        assertThatThrownBy(() -> new AttentionTrainer(small()).withContentOnlyItems(contentOnly)
                .train(sequences, null, ids.size(), null, s -> 0.0, e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content features");
    }

    private static AttentionConfig small() {
        return new AttentionConfig(6, 16, 1, 1, 0.1f, 5e-3f, 32, 15, 15, 0, 11L);
    }
}
