package org.musicrec.embedding.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackModelTests {

    /** Mean cosine of same-cluster pairs minus mean cosine of cross-cluster pairs. */
    private static double clusterGap(List<float[]> v, int[] cluster) {
        double same = 0, cross = 0;
        int ns = 0, nc = 0;
        for (int i = 0; i < v.size(); i++) {
            for (int j = i + 1; j < v.size(); j++) {
                double c = Vectors.dot(v.get(i), v.get(j));
                if (cluster[i] == cluster[j]) {
                    same += c;
                    ns++;
                } else {
                    cross += c;
                    nc++;
                }
            }
        }
        return same / ns - cross / nc;
    }

    private static List<float[]> encode(Map<String, float[]> weights, List<TrackFeatures> tracks) {
        try (TrackInferenceGraph graph = new TrackInferenceGraph(weights, 2)) {
            return graph.encode(tracks);
        }
    }

    @Test
    void coListenedTracksEndUpCloserThanTracksOfTheOtherClusterEvenFromTagsAlone() {
        TestTrackModels.Clusters data = TestTrackModels.clusters("t", 20, 1);
        Map<String, float[]> initial = TrackNetwork.initialWeights(1);
        double before = clusterGap(encode(initial, data.tracks()), data.cluster());

        Map<String, float[]> trained = TestTrackModels.train(data, 150, 1);
        List<float[]> vectors = encode(trained, data.tracks());
        double after = clusterGap(vectors, data.cluster());
        double tagsOnly = clusterGap(encode(trained, data.tracks().stream().map(TrackFeatures::tagsOnly).toList()),
                data.cluster());

        assertThat(before).as("untrained: clusters share no tags, so no structure").isLessThan(0.15);
        assertThat(after).isGreaterThan(0.5);
        assertThat(tagsOnly).as("a track known only by its tags still lands in its cluster").isGreaterThan(0.4);
        // every track's nearest neighbour is in its own cluster
        for (int i = 0; i < vectors.size(); i++) {
            int best = -1;
            for (int j = 0; j < vectors.size(); j++) {
                if (j != i && (best < 0 || Vectors.dot(vectors.get(i), vectors.get(j)) > Vectors.dot(vectors.get(i), vectors.get(best)))) {
                    best = j;
                }
            }
            assertThat(data.cluster()[best]).as("nearest neighbour of track " + i).isEqualTo(data.cluster()[i]);
        }
    }

    @Test
    void anExportedModelLoadsAndGivesIdenticalVectors(@TempDir Path dir) throws IOException {
        Map<String, float[]> weights = TrackNetwork.initialWeights(7);
        weights.get("audio_w")[5] = 0.3f; // make the audio path matter, so it is part of the round trip
        float[] audio = new float[TrackModelSpec.AUDIO_DIM];
        audio[0] = 0.6f; // row 0 of audio_w holds the non-zero weight
        audio[5] = 0.8f;
        List<TrackFeatures> tracks = List.of(
                TrackFeatures.of("Blue in Green", "Miles Davis", List.of("jazz", "Cool Jazz", "trumpet")),
                TrackFeatures.of("", "", List.of()),
                new TrackFeatures("Song", "Band", List.of("rock"), audio));
        List<float[]> expected = encode(weights, tracks);
        TrackModelExporter.export(weights, "track-test-1", dir.resolve("m"), Map.of("dataFingerprint", "x"));

        try (SavedModelTrackEncoder encoder = SavedModelTrackEncoder.load(dir.resolve("m"), 1)) {
            assertThat(encoder.modelVersion()).isEqualTo("track-test-1");
            List<Embedding> got = encoder.encodeAll(tracks);
            for (int i = 0; i < tracks.size(); i++) {
                assertThat(got.get(i).vector()).containsExactly(expected.get(i));
                assertThat(got.get(i).modelVersion()).isEqualTo("track-test-1");
                assertThat(Math.sqrt(Vectors.dot(got.get(i).vector(), got.get(i).vector()))).isCloseTo(1.0,
                        org.assertj.core.data.Offset.offset(1e-4));
            }
            // a batch of one takes other kernels than a batch of three: equal up to float round-off
            assertThat(encoder.encode(tracks.get(0)).vector()).containsExactly(expected.get(0),
                    org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(got.get(2).vector()).as("the audio input changes the vector")
                    .isNotEqualTo(encoder.encode(TrackFeatures.of("Song", "Band", List.of("rock"))).vector());
            assertThat(encoder.usesAudio()).isTrue();
        }
        // the same network with its audio path untouched (trained without audio) says that it ignores audio
        TrackModelExporter.export(TrackNetwork.initialWeights(7), "track-test-2", dir.resolve("no-audio"), Map.of());
        try (SavedModelTrackEncoder encoder = SavedModelTrackEncoder.load(dir.resolve("no-audio"), 1)) {
            assertThat(encoder.usesAudio()).isFalse();
        }
    }

    @Test
    void anUntrainedAudioPathLeavesTheMetadataVectorAlone() {
        float[] audio = new float[TrackModelSpec.AUDIO_DIM];
        audio[3] = 1;
        List<float[]> v = encode(TrackNetwork.initialWeights(2), List.of(
                TrackFeatures.of("Song", "Band", List.of("rock")), new TrackFeatures("Song", "Band", List.of("rock"), audio)));
        assertThat(v.get(1)).containsExactly(v.get(0));
    }

    @Test
    void corruptOrIncompatibleModelsAreRefused(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> SavedModelTrackEncoder.load(dir.resolve("missing"), 1))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("does not exist");

        Path good = dir.resolve("good");
        TrackModelExporter.export(TrackNetwork.initialWeights(1), "v1", good, Map.of());
        SavedModelTrackEncoder.load(good, 1).close();

        Path noManifest = copy(good, dir.resolve("no-manifest"));
        Files.delete(noManifest.resolve(TrackModelSpec.MANIFEST_FILE));
        assertThatThrownBy(() -> SavedModelTrackEncoder.load(noManifest, 1))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining(TrackModelSpec.MANIFEST_FILE);

        Path audioKind = copy(good, dir.resolve("audio-kind"));
        rewriteManifest(audioKind, "kind", AudioModelSpec.MANIFEST_KIND);
        assertThatThrownBy(() -> SavedModelTrackEncoder.load(audioKind, 1))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("kind=");

        Path otherHashing = copy(good, dir.resolve("other-hashing"));
        rewriteManifest(otherHashing, "tagBuckets", "4096");
        assertThatThrownBy(() -> SavedModelTrackEncoder.load(otherHashing, 1))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("tagBuckets=4096");

        Path truncated = copy(good, dir.resolve("truncated"));
        Path pb = truncated.resolve("saved_model.pb");
        byte[] bytes = Files.readAllBytes(pb);
        Files.write(pb, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertThatThrownBy(() -> SavedModelTrackEncoder.load(truncated, 1))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("not a readable SavedModel");

        Path noWeights = copy(good, dir.resolve("no-weights"));
        try (Stream<Path> files = Files.list(noWeights.resolve("variables"))) {
            for (Path f : files.toList()) Files.write(f, new byte[] {1, 2, 3});
        }
        assertThatThrownBy(() -> SavedModelTrackEncoder.load(noWeights, 1)).isInstanceOf(ModelLoadException.class);

        Path audioModel = dir.resolve("audio-model");
        TestAudioModels.exportUntrained(audioModel, "a1");
        rewriteManifest(audioModel, "kind", TrackModelSpec.KIND);
        Files.move(audioModel.resolve(AudioModelSpec.MANIFEST_FILE), audioModel.resolve(TrackModelSpec.MANIFEST_FILE));
        assertThatThrownBy(() -> SavedModelTrackEncoder.load(audioModel, 1)).isInstanceOf(ModelLoadException.class);
    }

    @Test
    void featureHashingIsStableAndIgnoresCaseAndSpacing() {
        assertThat(TrackFeaturizer.bucket("a", 1 << 30)).as("FNV-1a of 'a' is 0xe40c292c").isEqualTo(0xe40c292c & ((1 << 30) - 1));
        TrackFeaturizer.Sparse a = TrackFeaturizer.sparse(TrackFeatures.of("Hey  Jude!", " The Beatles", List.of("Classic  Rock ", "pop")));
        TrackFeaturizer.Sparse b = TrackFeaturizer.sparse(TrackFeatures.of("hey jude", "the beatles", List.of("classic rock", "POP", "pop")));
        assertThat(a.tagIdx()).containsExactly(b.tagIdx());
        assertThat(a.tagVal()).containsExactly(b.tagVal());
        assertThat(a.tagVal()[0]).isEqualTo((float) (1 / Math.sqrt(2)));
        assertThat(a.artistIdx()).isEqualTo(b.artistIdx()).isNotNegative();
        assertThat(a.titleIdx()).containsExactly(b.titleIdx()).hasSize(2);
        assertThat(TrackFeaturizer.sparse(TrackFeatures.of("", " ", List.of())).artistIdx()).isEqualTo(-1);
        assertThatThrownBy(() -> new TrackFeatures("t", "a", List.of(), new float[3]))
                .hasMessageContaining("must hold " + TrackModelSpec.AUDIO_DIM);
    }

    @Test
    void pairsComeFromNearbyListensAndValidationUsersAreKeptApart() {
        List<CoListening.Listen> listens = new ArrayList<>();
        // user u0 listens to 0,1,2,3 (given out of order), 1 again right after 3
        listens.add(new CoListening.Listen("u0", 2, 30));
        listens.add(new CoListening.Listen("u0", 0, 10));
        listens.add(new CoListening.Listen("u0", 1, 20));
        listens.add(new CoListening.Listen("u0", 3, 40));
        listens.add(new CoListening.Listen("u0", 3, 50));
        List<int[]> pairs = CoListening.pairs(listens, 2);
        assertThat(pairs).extracting(p -> p[0] + "-" + p[1]).containsExactly("0-1", "0-2", "1-2", "1-3", "2-3", "2-3");
        for (int u = 1; u < 20; u++) {
            listens.add(new CoListening.Listen("u" + u, 5, 1));
            listens.add(new CoListening.Listen("u" + u, 6, 2));
        }
        CoListening.Split split = CoListening.split(listens, 2, 0.1, 4);
        assertThat(split.validationUsers()).isEqualTo(2);
        assertThat(split.trainUsers()).isEqualTo(18);
        assertThat(split.train().size() + split.validation().size()).isEqualTo(6 + 19);
    }

    @Test
    void recallCountsTiesAsHalfSoAConstantScorerGetsNoCredit() {
        List<int[]> queries = List.of(new int[] {0, 1});
        assertThat(TrackRetrievalEval.recallAt(1, queries, q -> new double[5])).isZero();
        assertThat(TrackRetrievalEval.recallAt(1, queries, q -> new double[] {9, 1, 0, 0, 0})).isEqualTo(1.0);
        assertThat(TrackRetrievalEval.recallAt(1, queries, q -> new double[] {9, 1, 2, 0, 0})).isZero();
        var tfidf = TrackRetrievalEval.tagTfIdf(List.of(TrackFeatures.of("", "", List.of("jazz", "piano")),
                TrackFeatures.of("", "", List.of("Jazz")), TrackFeatures.of("", "", List.of("rock"))));
        double[] s = tfidf.scores(0);
        assertThat(s[1]).isGreaterThan(0);
        assertThat(s[2]).isZero();
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }

    private static void rewriteManifest(Path dir, String key, String value) throws IOException {
        Path file = Files.exists(dir.resolve(TrackModelSpec.MANIFEST_FILE)) ? dir.resolve(TrackModelSpec.MANIFEST_FILE)
                : dir.resolve(AudioModelSpec.MANIFEST_FILE);
        var p = new java.util.Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        p.setProperty(key, value);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, null);
        }
    }
}
