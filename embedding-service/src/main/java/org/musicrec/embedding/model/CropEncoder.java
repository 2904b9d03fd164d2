package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.AudioModelSpec.CROP_SAMPLES;
import static org.musicrec.embedding.model.AudioModelSpec.EMBEDDING_DIM;
import static org.musicrec.embedding.model.AudioModelSpec.INPUT_WAVEFORM;
import static org.musicrec.embedding.model.AudioModelSpec.OUTPUT_CROP_EMBEDDINGS;
import static org.musicrec.embedding.model.AudioModelSpec.SAMPLE_RATE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.musicrec.embedding.audio.Pcm;
import org.tensorflow.Result;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Runs the {@link AudioModelSpec#SIGNATURE_KEY} function on crops of a signal and pools them. */
final class CropEncoder {

    private static final int BATCH = 32;

    private final SessionFunction function;

    CropEncoder(SessionFunction function) {
        this.function = function;
    }

    float[] embedTrack(Pcm pcm) {
        if (pcm.sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("the audio encoder takes " + SAMPLE_RATE + " Hz PCM, got " + pcm.sampleRate());
        }
        if (pcm.samples().length == 0) throw new IllegalArgumentException("the audio is empty");
        return Vectors.meanNormalised(embedCrops(pcm.samples(), Crops.starts(pcm.samples().length)));
    }

    List<float[]> embedCrops(float[] samples, int[] starts) {
        List<float[]> out = new ArrayList<>(starts.length);
        for (int from = 0; from < starts.length; from += BATCH) {
            int n = Math.min(BATCH, starts.length - from);
            float[] batch = new float[n * CROP_SAMPLES];
            for (int i = 0; i < n; i++) Crops.copy(samples, starts[from + i], batch, i * CROP_SAMPLES);
            out.addAll(run(batch, n));
        }
        return out;
    }

    /** @param crops n crops of CROP_SAMPLES samples, back to back */
    List<float[]> run(float[] crops, int n) {
        try (TFloat32 input = TFloat32.tensorOf(Shape.of(n, CROP_SAMPLES), DataBuffers.of(crops, true, false));
             Result result = function.call(Map.of(INPUT_WAVEFORM, (Tensor) input))) {
            TFloat32 output = (TFloat32) result.get(OUTPUT_CROP_EMBEDDINGS)
                    .orElseThrow(() -> new IllegalStateException("the model has no output " + OUTPUT_CROP_EMBEDDINGS));
            if (output.shape().numDimensions() != 2 || output.shape().get(0) != n || output.shape().get(1) != EMBEDDING_DIM) {
                throw new IllegalStateException("the model returned shape " + output.shape() + ", expected [" + n + ", "
                        + EMBEDDING_DIM + "]");
            }
            float[] flat = new float[n * EMBEDDING_DIM];
            output.copyTo(DataBuffers.of(flat, false, false));
            List<float[]> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] row = new float[EMBEDDING_DIM];
                System.arraycopy(flat, i * EMBEDDING_DIM, row, 0, EMBEDDING_DIM);
                rows.add(row);
            }
            return rows;
        }
    }
}
