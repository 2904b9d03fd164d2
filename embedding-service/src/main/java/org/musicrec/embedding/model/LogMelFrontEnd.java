package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.AudioModelSpec.FFT_BINS;
import static org.musicrec.embedding.model.AudioModelSpec.FRAME;
import static org.musicrec.embedding.model.AudioModelSpec.HOP;
import static org.musicrec.embedding.model.AudioModelSpec.LOG_FLOOR;
import static org.musicrec.embedding.model.AudioModelSpec.MEL_BINS;
import static org.musicrec.embedding.model.AudioModelSpec.MEL_FMAX;
import static org.musicrec.embedding.model.AudioModelSpec.MEL_FMIN;
import static org.musicrec.embedding.model.AudioModelSpec.SAMPLE_RATE;

import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Log-mel spectrogram as graph ops: framing (frame = two hops), periodic Hann window, DFT as two matrix
 * products with cosine/sine tables, power, a triangular HTK-mel filterbank and a floored natural log. The tables
 * are built here in Java and baked into the graph as constants, so training and serving share one definition.
 */
final class LogMelFrontEnd {

    private LogMelFrontEnd() {
    }

    /**
     * @param waveform [batch, (frames + 1) * HOP] samples
     * @param frames frames per example, or -1 for one example of any length that is a multiple of HOP
     * @return [batch, frames, MEL_BINS] log-mel energies
     */
    static Operand<TFloat32> logMel(Ops tf, Operand<TFloat32> waveform, int frames) {
        Operand<TFloat32> blocks = frames > 0
                ? tf.reshape(waveform, tf.constant(new long[] {-1, frames + 1, HOP}))
                : tf.reshape(waveform, tf.constant(new long[] {1, -1, HOP}));
        Operand<TFloat32> framed = tf.concat(List.of(
                tf.stridedSlice(blocks, Indices.all(), Indices.sliceTo(-1), Indices.all()),
                tf.stridedSlice(blocks, Indices.sliceFrom(0), Indices.sliceFrom(1), Indices.all())), tf.constant(2));
        Operand<TFloat32> windowed = tf.math.mul(framed, tf.constant(hann()));
        Operand<TFloat32> flat = tf.reshape(windowed, tf.constant(new long[] {-1, FRAME}));
        Operand<TFloat32> re = tf.linalg.matMul(flat, tf.constant(dft(true)));
        Operand<TFloat32> im = tf.linalg.matMul(flat, tf.constant(dft(false)));
        Operand<TFloat32> power = tf.math.add(tf.math.square(re), tf.math.square(im));
        Operand<TFloat32> mel = tf.linalg.matMul(power, tf.constant(melFilterbank()));
        Operand<TFloat32> logMel = tf.math.log(tf.math.add(mel, tf.constant(LOG_FLOOR)));
        return frames > 0
                ? tf.reshape(logMel, tf.constant(new long[] {-1, frames, MEL_BINS}))
                : tf.reshape(logMel, tf.constant(new long[] {1, -1, MEL_BINS}));
    }

    /** Periodic Hann window of FRAME samples. */
    static float[] hann() {
        float[] w = new float[FRAME];
        for (int n = 0; n < FRAME; n++) w[n] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * n / FRAME));
        return w;
    }

    /** [FRAME, FFT_BINS] table: cos(2 pi n k / N) for the real part, -sin(...) for the imaginary part. */
    static float[][] dft(boolean real) {
        float[][] m = new float[FRAME][FFT_BINS];
        for (int n = 0; n < FRAME; n++) {
            for (int k = 0; k < FFT_BINS; k++) {
                double angle = 2 * Math.PI * ((long) n * k % FRAME) / FRAME;
                m[n][k] = (float) (real ? Math.cos(angle) : -Math.sin(angle));
            }
        }
        return m;
    }

    static double hzToMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /** Centre frequency of each mel band, in Hz. */
    static double[] melCentres() {
        double lo = hzToMel(MEL_FMIN), hi = hzToMel(MEL_FMAX);
        double[] centres = new double[MEL_BINS];
        for (int m = 0; m < MEL_BINS; m++) centres[m] = melToHz(lo + (hi - lo) * (m + 1) / (MEL_BINS + 1));
        return centres;
    }

    /** [FFT_BINS, MEL_BINS] triangular filters on the HTK mel scale, peak weight 1. */
    static float[][] melFilterbank() {
        double lo = hzToMel(MEL_FMIN), hi = hzToMel(MEL_FMAX);
        double[] edges = new double[MEL_BINS + 2];
        for (int i = 0; i < edges.length; i++) edges[i] = melToHz(lo + (hi - lo) * i / (MEL_BINS + 1));
        float[][] fb = new float[FFT_BINS][MEL_BINS];
        for (int k = 0; k < FFT_BINS; k++) {
            double hz = (double) k * SAMPLE_RATE / FRAME;
            for (int m = 0; m < MEL_BINS; m++) {
                double left = edges[m], centre = edges[m + 1], right = edges[m + 2];
                double w = hz <= centre ? (hz - left) / (centre - left) : (right - hz) / (right - centre);
                fb[k][m] = (float) Math.max(0, w);
            }
        }
        return fb;
    }
}
