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
    private final boolean usesAudio;

    private SavedModelTrackEncoder(SavedModelBundle bundle, SessionFunction function, String version,
                                   boolean usesAudio) {
        this.bundle = bundle;
        this.function = function;
        this.version = version;
        this.usesAudio = usesAudio;
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
            return new SavedModelTrackEncoder(bundle, function, version, audioChangesTheVector(function));
        } catch (ModelLoadException e) {
            bundle.close();
            throw e;
        } catch (RuntimeException e) {
            bundle.close();
            throw new ModelLoadException("model " + dir + " cannot be run: " + e.getMessage(), e);
        }
    }

    /** Whether the same metadata with and without an audio embedding gives two different vectors. */
    static boolean audioChangesTheVector(SessionFunction function) {
        float[] audio = new float[TrackModelSpec.AUDIO_DIM];
        java.util.Arrays.fill(audio, (float) (1 / Math.sqrt(audio.length)));
        TrackFeatures metadata = TrackFeatures.of("Probe", "Probe Artist", List.of("rock"));
        List<float[]> out = TrackInferenceGraph.encode(function, List.of(metadata,
                new TrackFeatures(metadata.title(), metadata.artist(), metadata.tags(), audio)));
        for (int i = 0; i < out.get(0).length; i++) {
            if (Math.abs(out.get(0)[i] - out.get(1)[i]) > 1e-6f) {
                return true;
            }
        }
        return false;
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
    public boolean usesAudio() {
        return usesAudio;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
