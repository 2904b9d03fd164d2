package org.musicrec.embedding.model;

import java.nio.file.Path;

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
        ModelDirectory model = ModelDirectory.read(dir, AudioModelSpec.MANIFEST_FILE)
                .expect("kind", AudioModelSpec.MANIFEST_KIND)
                .expect("format", AudioModelSpec.FORMAT_VERSION)
                .expect("sampleRate", AudioModelSpec.SAMPLE_RATE)
                .expect("cropSamples", AudioModelSpec.CROP_SAMPLES)
                .expect("embeddingDim", AudioModelSpec.EMBEDDING_DIM);
        String version = model.version();
        SavedModelBundle bundle = model.open(threads);
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
        ModelDirectory.requireUnitLength(v, dir);
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
