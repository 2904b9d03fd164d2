package org.musicrec.embedding.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.embedding.audio.Pcm;

class AudioModelTests {

    private static final int RATE = AudioModelSpec.SAMPLE_RATE;

    /** A few seconds of a "track": a chord of its own partials with a little noise. */
    static float[] track(int id, double seconds, long seed) {
        Random random = new Random(seed);
        float[] x = new float[(int) (seconds * RATE)];
        double base = 110 * Math.pow(2, id / 3.0);
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE, v = 0;
            for (int h = 1; h <= 4; h++) v += Math.sin(2 * Math.PI * base * h * t) / h;
            x[i] = (float) (0.2 * v * (0.6 + 0.4 * Math.sin(2 * Math.PI * (1 + id % 3) * t)) + 0.01 * random.nextGaussian());
        }
        return x;
    }

    @Test
    void contrastiveTrainingLowersTheLossOnATinyModel() {
        List<CropSampler.Track> tracks = new ArrayList<>();
        try (LogMelExtractor extractor = new LogMelExtractor(2)) {
            for (int id = 0; id < 8; id++) tracks.add(new CropSampler.Track("t" + id, extractor.extract(track(id, 6, id))));
        }
        CropSampler sampler = new CropSampler(tracks, 1, true);
        try (ContrastiveTrainer trainer = new ContrastiveTrainer(new ContrastiveTrainer.Config(4, 2e-3f, 0.2f, 2),
                AudioNetwork.initialWeights(5))) {
            float first = 0, last = 0;
            for (int step = 0; step < 24; step++) {
                float loss = trainer.step(sampler.batch(4));
                if (step < 4) first += loss / 4;
                if (step >= 20) last += loss / 4;
            }
            assertThat(first).as("at most chance level, ln(7)").isLessThan((float) Math.log(7) + 0.3f).isGreaterThan(0.2f);
            assertThat(last).isLessThan(first * 0.7f);
            assertThat(trainer.weights().get("fc2_w")).isNotEqualTo(AudioNetwork.initialWeights(5).get("fc2_w"));
        }
    }

    @Test
    void cropToTrackTrainingLowersTheLossOnATinyModel() {
        List<CropSampler.Track> tracks = new ArrayList<>();
        try (LogMelExtractor extractor = new LogMelExtractor(2)) {
            for (int id = 0; id < 8; id++) tracks.add(new CropSampler.Track("t" + id, extractor.extract(track(id, 6, id))));
        }
        CropSampler sampler = new CropSampler(tracks, 1, true);
        ContrastiveTrainer.Config config = new ContrastiveTrainer.Config(4, 2e-3f, 0.2f, 2, 3);
        assertThat(config.rows()).as("4 query crops + 4 x 3 context crops").isEqualTo(16);
        try (ContrastiveTrainer trainer = new ContrastiveTrainer(config, AudioNetwork.initialWeights(5))) {
            assertThat(trainer.chanceLoss()).isCloseTo(Math.log(4), within(1e-9));
            float first = 0, last = 0;
            for (int step = 0; step < 24; step++) {
                float loss = trainer.step(sampler.cropToTrackBatch(4, 3));
                if (step < 4) first += loss / 4;
                if (step >= 20) last += loss / 4;
            }
            assertThat(first).as("near chance, ln(4)").isLessThan((float) Math.log(4) + 0.3f).isGreaterThan(0.2f);
            assertThat(last).isLessThan(first * 0.7f);
        }
    }

    @Test
    void contextCropsComeFromEvenStretchesOfTheirOwnTrack() {
        // every frame of track id holds id * 10000 + its frame number, so a crop's first value names track and start
        int frames = AudioModelSpec.CROP_FRAMES * 4;
        List<CropSampler.Track> tracks = new ArrayList<>();
        for (int id = 0; id < 5; id++) {
            float[] plane = new float[frames * AudioModelSpec.MEL_BINS];
            for (int f = 0; f < frames; f++) {
                java.util.Arrays.fill(plane, f * AudioModelSpec.MEL_BINS, (f + 1) * AudioModelSpec.MEL_BINS, id * 10000f + f);
            }
            tracks.add(new CropSampler.Track("t" + id, plane));
        }
        int n = 3, k = 2, crop = AudioModelSpec.CROP_FRAMES * AudioModelSpec.MEL_BINS;
        int starts = frames - AudioModelSpec.CROP_FRAMES + 1;
        float[] batch = new CropSampler(tracks, 3, false).cropToTrackBatch(n, k);
        assertThat(batch).hasSize(n * (1 + k) * crop);
        java.util.Set<Integer> chosen = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            int track = (int) batch[i * crop] / 10000;
            chosen.add(track);
            for (int j = 0; j < k; j++) {
                float first = batch[(n + i * k + j) * crop];
                assertThat((int) first / 10000).as("context crop %d of query %d is of its track", j, i).isEqualTo(track);
                int start = (int) first % 10000;
                assertThat(start).as("context crop %d starts in stretch %d of %d", j, j, k)
                        .isBetween(starts * j / k, starts * (j + 1) / k - 1);
            }
        }
        assertThat(chosen).as("distinct tracks").hasSize(n);
        assertThatThrownBy(() -> new CropSampler(tracks, 3, false).cropToTrackBatch(6, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExportedModelLoadsAndGivesIdenticalVectors(@TempDir Path dir) throws IOException {
        AudioWeights weights = AudioNetwork.initialWeights(3);
        Pcm pcm = new Pcm(track(2, 7.3, 9), RATE);
        float[] inMemory;
        try (GraphAudioEncoder encoder = new GraphAudioEncoder(weights, "test-1", 1)) {
            inMemory = encoder.embed(pcm).vector();
        }
        Path model = dir.resolve("model");
        AudioModelExporter.export(weights, "test-1", model, Map.of("dataFingerprint", "none"));

        try (SavedModelAudioEncoder loaded = SavedModelAudioEncoder.load(model, 1)) {
            Embedding e = loaded.embed(pcm);
            assertThat(e.vector()).containsExactly(inMemory);
            assertThat(e.modelVersion()).isEqualTo("test-1");
            assertThat(Math.sqrt(Vectors.dot(e.vector(), e.vector()))).isCloseTo(1.0, within(1e-5));
            assertThat(e.vector()).hasSize(AudioModelSpec.EMBEDDING_DIM);
        }
    }

    @Test
    void aShortClipIsLoopedToACropAndALongOneIsCoveredEndToEnd() {
        assertThat(Crops.starts(1000)).containsExactly(0);
        int[] starts = Crops.starts(10 * RATE);
        assertThat(starts[0]).isZero();
        assertThat(starts[starts.length - 1]).isEqualTo(10 * RATE - AudioModelSpec.CROP_SAMPLES);
        assertThat(Crops.starts(3600 * RATE)).hasSize(AudioModelSpec.MAX_CROPS_PER_TRACK);
        try (GraphAudioEncoder encoder = new GraphAudioEncoder(AudioNetwork.initialWeights(3), "v", 1)) {
            Embedding e = encoder.embed(new Pcm(track(1, 0.3, 1), RATE));
            assertThat(Math.sqrt(Vectors.dot(e.vector(), e.vector()))).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void refusesAMissingModel(@TempDir Path dir) {
        assertThatThrownBy(() -> SavedModelAudioEncoder.load(dir.resolve("nope")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("does not exist");
    }

    @Test
    void refusesACorruptModelAndOneOfAnotherFormat(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model");
        AudioModelExporter.export(AudioNetwork.initialWeights(1), "v1", model, Map.of());

        Path manifest = model.resolve(AudioModelSpec.MANIFEST_FILE);
        String good = Files.readString(manifest);
        Files.writeString(manifest, good.replace("embeddingDim=128", "embeddingDim=64"));
        assertThatThrownBy(() -> SavedModelAudioEncoder.load(model, 1))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("embeddingDim");
        Files.writeString(manifest, good);

        Files.write(model.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> SavedModelAudioEncoder.load(model, 1))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("not a readable SavedModel");
    }

    @Test
    void refusesPcmAtAnotherRate() {
        try (GraphAudioEncoder encoder = new GraphAudioEncoder(AudioNetwork.initialWeights(3), "v", 1)) {
            assertThatThrownBy(() -> encoder.embed(new Pcm(new float[44_100], 44_100)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16000 Hz");
        }
    }
}
