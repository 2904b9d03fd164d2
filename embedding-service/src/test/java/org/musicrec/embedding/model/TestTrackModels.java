package org.musicrec.embedding.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small track encoders trained in the test on a synthetic co-listening structure. */
public final class TestTrackModels {

    private TestTrackModels() {
    }

    /** A synthetic catalogue: tracks, their cluster, and co-listened pairs within each cluster. */
    record Clusters(List<TrackFeatures> tracks, int[] cluster, List<int[]> pairs) {
    }

    /**
     * {@code perCluster} tracks in each of two clusters; each track has two tags drawn from its cluster's pool of
     * ten, so two tracks of one cluster often share no tag and only listening ties them together. Thirty users each
     * listen to a random run of one cluster's tracks.
     */
    static Clusters clusters(String tagPrefix, int perCluster, long seed) {
        Random random = new Random(seed);
        List<TrackFeatures> tracks = new ArrayList<>();
        int[] cluster = new int[2 * perCluster];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < perCluster; i++) {
                int first = random.nextInt(10), second = (first + 1 + random.nextInt(9)) % 10;
                String pool = tagPrefix + (c == 0 ? "a" : "b");
                tracks.add(TrackFeatures.of("Song " + c + "-" + i, "Artist " + c + "-" + i,
                        List.of(pool + first, pool + second)));
                cluster[c * perCluster + i] = c;
            }
        }
        List<CoListening.Listen> listens = new ArrayList<>();
        for (int u = 0; u < 30; u++) {
            int c = u % 2;
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < perCluster; i++) order.add(c * perCluster + i);
            Collections.shuffle(order, random);
            for (int k = 0; k < Math.min(12, perCluster); k++) listens.add(new CoListening.Listen("u" + u, order.get(k), k));
        }
        return new Clusters(tracks, cluster, CoListening.split(listens, 3, 0, seed).train());
    }

    static Map<String, float[]> train(Clusters data, int steps, long seed) {
        List<TrackFeaturizer.Sparse> sparse = data.tracks().stream().map(TrackFeaturizer::sparse).toList();
        try (TrackTrainer trainer = new TrackTrainer(new TrackTrainer.Config(16, 3e-3f, 0.2f, 0.3f, 0.3f, 0.5f, 2),
                TrackNetwork.initialWeights(seed))) {
            trainer.fit(sparse, data.pairs(), steps, seed, step -> { });
            return trainer.weights();
        }
    }

    /**
     * Trains and exports a track encoder for which tracks tagged {@code <prefix>a0..a9} are co-listened with each
     * other and those tagged {@code <prefix>b0..b9} with each other.
     */
    public static void exportClusters(Path dir, String version, String tagPrefix) throws IOException {
        Clusters data = clusters(tagPrefix, 20, 3);
        TrackModelExporter.export(train(data, 150, 3), version, dir, Map.of("dataFingerprint", "synthetic"));
    }

    /** Exports an untrained track encoder whose audio path is not zero, as after training on tracks with audio. */
    public static void exportWithAudioPath(Path dir, String version) throws IOException {
        Map<String, float[]> weights = TrackNetwork.initialWeights(3);
        java.util.Arrays.fill(weights.get("audio_w"), 0.05f);
        TrackModelExporter.export(weights, version, dir, Map.of("dataFingerprint", "synthetic"));
    }
}
