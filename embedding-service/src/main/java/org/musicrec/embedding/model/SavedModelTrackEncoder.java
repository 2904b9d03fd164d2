package org.musicrec.embedding.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        ModelDirectory model = ModelDirectory.read(dir, TrackModelSpec.MANIFEST_FILE)
                .expect("kind", TrackModelSpec.KIND)
                .expect("format", TrackModelSpec.FORMAT_VERSION)
                .expect("hashing", TrackModelSpec.HASHING)
                .expect("tagBuckets", TrackModelSpec.TAG_BUCKETS)
                .expect("artistBuckets", TrackModelSpec.ARTIST_BUCKETS)
                .expect("titleBuckets", TrackModelSpec.TITLE_BUCKETS)
                .expect("audioDim", TrackModelSpec.AUDIO_DIM)
                .expect("embeddingDim", TrackModelSpec.EMBEDDING_DIM);
        String version = model.version();
        SavedModelBundle bundle = model.open(threads);
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
            ModelDirectory.requireUnitLength(v, dir);
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
