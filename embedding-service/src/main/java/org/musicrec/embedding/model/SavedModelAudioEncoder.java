package org.musicrec.embedding.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.musicrec.embedding.audio.Pcm;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;

/**
 * Serves an exported audio encoder. {@link #load} refuses a directory that is missing, corrupt, of another kind or
 * format, or whose graph does not produce unit vectors of the declared size, so a bad model never replaces a good one.
 */
public final class SavedModelAudioEncoder implements AudioEncoder {

    private final SavedModelBundle bundle;
    private final CropEncoder crops;
    private final String version;

    private SavedModelAudioEncoder(SavedModelBundle bundle, CropEncoder crops, String version) {
        this.bundle = bundle;
        this.crops = crops;
        this.version = version;
    }

    /** Loads with two TensorFlow threads per call. */
    public static SavedModelAudioEncoder load(Path dir) {
        return load(dir, 2);
    }

    /** @throws ModelLoadException when the directory is not a complete audio encoder of the current format */
    public static SavedModelAudioEncoder load(Path dir, int threads) {
        if (!Files.isDirectory(dir)) throw new ModelLoadException("model directory " + dir + " does not exist");
        Properties manifest = readManifest(dir);
        expect(manifest, "kind", AudioModelSpec.MANIFEST_KIND, dir);
        expect(manifest, "format", Integer.toString(AudioModelSpec.FORMAT_VERSION), dir);
        expect(manifest, "sampleRate", Integer.toString(AudioModelSpec.SAMPLE_RATE), dir);
        expect(manifest, "cropSamples", Integer.toString(AudioModelSpec.CROP_SAMPLES), dir);
        expect(manifest, "embeddingDim", Integer.toString(AudioModelSpec.EMBEDDING_DIM), dir);
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
            SessionFunction function = bundle.function(AudioModelSpec.SIGNATURE_KEY);
            if (!function.signature().inputNames().contains(AudioModelSpec.INPUT_WAVEFORM)
                    || !function.signature().outputNames().contains(AudioModelSpec.OUTPUT_CROP_EMBEDDINGS)) {
                throw new ModelLoadException("model " + dir + " signature " + AudioModelSpec.SIGNATURE_KEY + " lacks "
                        + AudioModelSpec.INPUT_WAVEFORM + " or " + AudioModelSpec.OUTPUT_CROP_EMBEDDINGS);
            }
            CropEncoder crops = new CropEncoder(function);
            smokeTest(crops, dir);
            return new SavedModelAudioEncoder(bundle, crops, version);
        } catch (ModelLoadException e) {
            bundle.close();
            throw e;
        } catch (RuntimeException e) {
            bundle.close();
            throw new ModelLoadException("model " + dir + " cannot be run: " + e.getMessage(), e);
        }
    }

    /** A one-second chirp must come out as a finite unit vector. */
    private static void smokeTest(CropEncoder crops, Path dir) {
        float[] chirp = new float[AudioModelSpec.SAMPLE_RATE];
        for (int i = 0; i < chirp.length; i++) {
            double t = i / (double) AudioModelSpec.SAMPLE_RATE;
            chirp[i] = (float) (0.3 * Math.sin(2 * Math.PI * (200 + 1500 * t) * t));
        }
        float[] v = crops.embedTrack(new Pcm(chirp, AudioModelSpec.SAMPLE_RATE));
        double norm = Math.sqrt(Vectors.dot(v, v));
        if (!Double.isFinite(norm) || Math.abs(norm - 1) > 1e-3) {
            throw new ModelLoadException("model " + dir + " does not produce unit-length embeddings (norm " + norm + ")");
        }
    }

    private static Properties readManifest(Path dir) {
        Path file = dir.resolve(AudioModelSpec.MANIFEST_FILE);
        if (!Files.isRegularFile(file)) throw new ModelLoadException("model " + dir + " has no " + AudioModelSpec.MANIFEST_FILE);
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
    public Embedding embed(Pcm pcm) {
        return new Embedding(crops.embedTrack(pcm), version);
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
