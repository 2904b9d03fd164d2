package org.musicrec.recommender.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains once on cyclic sequences (after item i always comes i + 1, modulo the catalogue), where the right
 * answer is known, then checks learning, export/load, serving rules and refusal of broken models.
 */
class AttentionRankerTests {

    private static final int ITEMS = 24;
    private static final AttentionConfig CONFIG =
            new AttentionConfig(8, 32, 2, 2, 0.1f, 5e-3f, 32, 60, 8, 0, 7L);

    private static AttentionModel model;
    private static ItemVocabulary vocabulary;

    @TempDir
    static Path temp;

    @BeforeAll
    static void train() {
        Random random = new Random(1);
        int[][] sequences = new int[300][];
        for (int u = 0; u < sequences.length; u++) {
            sequences[u] = cycle(random.nextInt(ITEMS), 4 + random.nextInt(10));
        }
        vocabulary = ItemVocabulary.of(IntStream.rangeClosed(1, ITEMS).mapToObj(i -> "track-" + i).toList());
        model = new AttentionTrainer(CONFIG).train(sequences, ITEMS, AttentionRankerTests::top1Accuracy, e -> { });
    }

    /** length items of the cycle starting after item index start (0-based): start+1, start+2, ... */
    private static int[] cycle(int start, int length) {
        int[] sequence = new int[length];
        for (int i = 0; i < length; i++) {
            sequence[i] = (start + i) % ITEMS + 1;
        }
        return sequence;
    }

    private static double top1Accuracy(ItemScorer scorer) {
        int[][] histories = new int[ITEMS * 3][];
        for (int i = 0; i < histories.length; i++) {
            histories[i] = cycle(i % ITEMS, 2 + i / ITEMS * 3);
        }
        float[][] scores = scorer.score(histories);
        int hits = 0;
        for (int i = 0; i < histories.length; i++) {
            int last = histories[i][histories[i].length - 1];
            int expected = last % ITEMS + 1;
            if (argMax(scores[i]) == expected) {
                hits++;
            }
        }
        return (double) hits / histories.length;
    }

    private static int argMax(float[] scores) {
        int best = 1;
        for (int i = 2; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void learnsToContinueCyclicSequences() {
        assertThat(model.bestValidationNdcg()).isGreaterThanOrEqualTo(0.95);
        try (AttentionScorer scorer = model.openScorer()) {
            assertThat(top1Accuracy(scorer)).isGreaterThanOrEqualTo(0.95);
            // a history longer than the window is cut to its most recent items
            int[] longHistory = cycle(3, 30);
            assertThat(argMax(scorer.score(new int[][] {longHistory})[0])).isEqualTo((3 + 30) % ITEMS + 1);
        }
    }

    @Test
    void popularityPriorAddsWeightedLogCountsAndTravelsWithTheExport() throws IOException {
        float[] counts = new float[ITEMS + 1];
        counts[3] = 100f;
        counts[5] = 1f;
        AttentionModel withPrior = model.withPopularityPrior(counts, 0.5f);
        int[] history = cycle(0, 5);
        Path dir = temp.resolve("with-prior");
        AttentionModelExporter.export(withPrior, vocabulary, "v-prior", dir);
        try (AttentionScorer plain = model.openScorer(); AttentionScorer blended = withPrior.openScorer();
             SavedModelRanker loaded = SavedModelRanker.load(dir)) {
            float[] base = plain.score(new int[][] {history})[0];
            float[] scores = blended.score(new int[][] {history})[0];
            assertThat(scores[3]).isCloseTo(base[3] + 0.5f * (float) Math.log(101), org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(scores[5]).isCloseTo(base[5] + 0.5f * (float) Math.log(2), org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(scores[7]).isEqualTo(base[7]);
            List<String> ids = IntStream.of(history).mapToObj(vocabulary::idAt).toList();
            for (ScoredTrack track : loaded.rank(ids, ITEMS, id -> true)) {
                assertThat(track.score()).isEqualTo(scores[vocabulary.indexOf(track.trackId())]);
            }
        }
        assertThat(withPrior.priorWeight()).isEqualTo(0.5f);
        assertThat(model.withPopularityPrior(counts, 0f).scoreOffset()).isNull();
        // a negative weight is a popularity penalty; a weight that is not a finite number up to 10 is refused
        assertThat(model.withPopularityPrior(counts, -0.5f).scoreOffset()[3])
                .isCloseTo(-0.5f * (float) Math.log(101), org.assertj.core.data.Offset.offset(1e-4f));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, -11f}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.withPopularityPrior(counts, bad))
                    .as("weight " + bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shufflingWithinGroupsPermutesOnlyItemsThatShareAKey() {
        int[][] sequences = {{1, 2, 3, 4, 5, 6, 7}};
        int[][] days = {{10, 10, 10, 11, 12, 12, 13}};
        Set<List<Integer>> seen = new java.util.HashSet<>();
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            int[] shuffled = AttentionTrainer.shuffledWithinGroups(sequences, days, random)[0];
            assertThat(Set.of(shuffled[0], shuffled[1], shuffled[2])).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(shuffled[3]).isEqualTo(4);
            assertThat(Set.of(shuffled[4], shuffled[5])).containsExactlyInAnyOrder(5, 6);
            assertThat(shuffled[6]).isEqualTo(7);
            seen.add(IntStream.of(shuffled).boxed().toList());
        }
        assertThat(seen).hasSize(3 * 2 * 2);
        assertThat(sequences[0]).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void exportedModelScoresExactlyLikeTheTrainedOne() throws IOException {
        Path dir = temp.resolve("round-trip");
        AttentionModelExporter.export(model, vocabulary, "v-test", dir);
        int[][] histories = {cycle(0, 5), cycle(10, 12), {7}};
        try (AttentionScorer trained = model.openScorer(); SavedModelRanker loaded = SavedModelRanker.load(dir)) {
            for (int[] history : histories) {
                float[] expected = trained.scoreWithAttention(history).scores();
                List<String> ids = IntStream.of(history).mapToObj(vocabulary::idAt).toList();
                List<ScoredTrack> ranked = loaded.rank(ids, ITEMS, id -> true);
                assertThat(ranked).hasSize(ITEMS);
                for (ScoredTrack track : ranked) {
                    assertThat(track.score()).isEqualTo(expected[vocabulary.indexOf(track.trackId())]);
                }
                assertThat(ranked.get(0).trackId()).isEqualTo("track-" + (history[history.length - 1] % ITEMS + 1));
            }
            assertThat(loaded.modelVersion()).isEqualTo("v-test");
        }
    }

    @Test
    void rankHandsCandidatesToTheFilterBestFirstAndSkipsUnknownHistory() throws IOException {
        Path dir = temp.resolve("filter");
        AttentionModelExporter.export(model, vocabulary, "v-filter", dir);
        try (SavedModelRanker ranker = SavedModelRanker.load(dir)) {
            List<String> history = List.of("track-3", "never-seen", "track-4", "track-5");
            List<String> offered = new ArrayList<>();
            List<ScoredTrack> ranked = ranker.rank(history, 3, id -> {
                offered.add(id);
                return !id.equals("track-6") && offered.size() % 2 == 1; // stateful: every second one
            });
            assertThat(offered.get(0)).isEqualTo("track-6");
            assertThat(ranked).hasSize(3);
            assertThat(ranked).extracting(ScoredTrack::trackId).doesNotContain("track-6").doesNotHaveDuplicates();
            assertThat(ranked).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
            Set<String> known = Set.of("track-3", "track-4", "track-5");
            assertThat(ranked).allSatisfy(t -> assertThat(known).contains(t.becauseOf()));
            assertThat(ranker.rank(List.of("never-seen"), 5, id -> true)).isEmpty();
        }
    }

    @Test
    void refusesMissingCorruptAndIncompatibleModels() throws IOException {
        assertThatThrownBy(() -> SavedModelRanker.load(temp.resolve("absent")))
                .isInstanceOf(IncompatibleModelException.class).hasMessageContaining("does not exist");

        Path corrupt = temp.resolve("corrupt");
        AttentionModelExporter.export(model, vocabulary, "v-corrupt", corrupt);
        Files.write(corrupt.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> SavedModelRanker.load(corrupt))
                .isInstanceOf(IncompatibleModelException.class).hasMessageContaining("not a readable SavedModel");

        Path otherFormat = temp.resolve("other-format");
        AttentionModelExporter.export(model, vocabulary, "v-format", otherFormat);
        Path manifest = otherFormat.resolve(RankerSignature.MANIFEST_FILE);
        Files.writeString(manifest, Files.readString(manifest).replace("format=1", "format=99"));
        assertThatThrownBy(() -> SavedModelRanker.load(otherFormat))
                .isInstanceOf(IncompatibleModelException.class).hasMessageContaining("format 99");

        Path wrongItems = temp.resolve("wrong-items");
        AttentionModelExporter.export(model, vocabulary, "v-items", wrongItems);
        Files.write(wrongItems.resolve(RankerSignature.ITEMS_FILE),
                vocabulary.ids().stream().limit(ITEMS - 1).collect(Collectors.toList()));
        assertThatThrownBy(() -> SavedModelRanker.load(wrongItems))
                .isInstanceOf(IncompatibleModelException.class).hasMessageContaining("item ids");
    }

    @Test
    void descendingOrderPutsHighestScoresFirstIncludingNegatives() {
        long[] order = SavedModelRanker.descending(new float[] {99f, -1f, 3.5f, -0.25f, 3.5f, 0f});
        assertThat(order).containsExactly(2, 4, 5, 3, 1);
    }

}
