package org.musicrec.embedding.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;

/**
 * Serves an exported track encoder. {@link #load} refuses a directory that is missing, corrupt, of another kind,
 * format or hashing, or whose graph does not turn a sample track into a unit vector of the declared size, so a bad
 * model never replaces a good one.
 */
public final class SavedModelTrackEncoder implements TrackEncoder {

    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final String version;

    private SavedModelTrackEncoder(SavedModelBundle bundle, SessionFunction function, String version) {
        this.bundle = bundle;
        this.function = function;
        this.version = version;
    }

    /** @throws ModelLoadException when the directory is not a complete track encoder of the current format */
    public static SavedModelTrackEncoder load(Path dir, int threads) {
        if (!Files.isDirectory(dir)) throw new ModelLoadException("model directory " + dir + " does not exist");
        Properties manifest = readManifest(dir);
        expect(manifest, "kind", TrackModelSpec.KIND, dir);
        expect(manifest, "format", Integer.toString(TrackModelSpec.FORMAT_VERSION), dir);
        expect(manifest, "hashing", TrackModelSpec.HASHING, dir);
        expect(manifest, "tagBuckets", Integer.toString(TrackModelSpec.TAG_BUCKETS), dir);
        expect(manifest, "artistBuckets", Integer.toString(TrackModelSpec.ARTIST_BUCKETS), dir);
        expect(manifest, "titleBuckets", Integer.toString(TrackModelSpec.TITLE_BUCKETS), dir);
        expect(manifest, "audioDim", Integer.toString(TrackModelSpec.AUDIO_DIM), dir);
        expect(manifest, "embeddingDim", Integer.toString(TrackModelSpec.EMBEDDING_DIM), dir);
        String version = manifest.getProperty("version", "");
        if (version.isBlank()) throw new ModelLoadException("model " + dir + " has no version in its manifest");

        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString())
                    .withTags(SavedModelBundle.DEFAULT_TAG)
                    .withConfigProto(InferenceGraph.config(threads))
                    .load();
        } catch (RuntimeException e) {
            throw new ModelLoadException("model " + dir + " is not a readable SavedModel: " + e.getMessage(), e);
        }
        try {
            SessionFunction function = bundle.function(TrackModelSpec.SIGNATURE_KEY);
            var signature = function.signature();
            for (String input : List.of(TrackModelSpec.INPUT_TAGS, TrackModelSpec.INPUT_ARTIST, TrackModelSpec.INPUT_TITLE,
                    TrackModelSpec.INPUT_AUDIO, TrackModelSpec.INPUT_HAS_AUDIO)) {
                if (!signature.inputNames().contains(input)) {
                    throw new ModelLoadException("model " + dir + " signature " + TrackModelSpec.SIGNATURE_KEY + " lacks input " + input);
                }
            }
            if (!signature.outputNames().contains(TrackModelSpec.OUTPUT_EMBEDDING)) {
                throw new ModelLoadException("model " + dir + " signature " + TrackModelSpec.SIGNATURE_KEY + " lacks output "
                        + TrackModelSpec.OUTPUT_EMBEDDING);
            }
            smokeTest(function, dir);
            return new SavedModelTrackEncoder(bundle, function, version);
        } catch (ModelLoadException e) {
            bundle.close();
            throw e;
        } catch (RuntimeException e) {
            bundle.close();
            throw new ModelLoadException("model " + dir + " cannot be run: " + e.getMessage(), e);
        }
    }

    /** A metadata-only and an audio track must both come out as finite unit vectors. */
    private static void smokeTest(SessionFunction function, Path dir) {
        float[] audio = new float[TrackModelSpec.AUDIO_DIM];
        audio[0] = 1;
        List<float[]> out = TrackInferenceGraph.encode(function, List.of(
                TrackFeatures.of("Smoke Test", "Test Artist", List.of("rock", "indie")),
                new TrackFeatures("", "", List.of(), audio)));
        for (float[] v : out) {
            double norm = Math.sqrt(Vectors.dot(v, v));
            if (!Double.isFinite(norm) || Math.abs(norm - 1) > 1e-3) {
                throw new ModelLoadException("model " + dir + " does not produce unit-length vectors (norm " + norm + ")");
            }
        }
    }

    private static Properties readManifest(Path dir) {
        Path file = dir.resolve(TrackModelSpec.MANIFEST_FILE);
        if (!Files.isRegularFile(file)) throw new ModelLoadException("model " + dir + " has no " + TrackModelSpec.MANIFEST_FILE);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException("model " + dir + " has an unreadable manifest: " + e.getMessage(), e);
        }
        return p;
    }

    private static void expect(Properties manifest, String key, String expected, Path dir) {
        String actual = manifest.getProperty(key);
        if (!expected.equals(actual)) {
            throw new ModelLoadException("model " + dir + " has " + key + "=" + actual + ", this service needs " + expected);
        }
    }

    @Override
    public Embedding encode(TrackFeatures track) {
        return encodeAll(List.of(track)).get(0);
    }

    @Override
    public List<Embedding> encodeAll(List<TrackFeatures> tracks) {
        List<Embedding> out = new ArrayList<>(tracks.size());
        for (float[] v : TrackInferenceGraph.encode(function, tracks)) out.add(new Embedding(v, version));
        return out;
    }

    @Override
    public String modelVersion() {
        return version;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
