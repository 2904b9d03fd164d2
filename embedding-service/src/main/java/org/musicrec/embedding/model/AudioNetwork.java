package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.AudioModelSpec.CROP_FRAMES;
import static org.musicrec.embedding.model.AudioModelSpec.EMBEDDING_DIM;
import static org.musicrec.embedding.model.AudioModelSpec.MEL_BINS;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * The CNN over a log-mel crop: per-crop standardisation, four 3x3 conv + ReLU + 2x2 max-pool blocks
 * (16, 32, 64, 128 channels), mean over time, two dense layers, L2 normalisation. The same builder makes the
 * training graph (parameters are variables) and the inference graph (parameters are the trained values).
 */
final class AudioNetwork {

    private AudioNetwork() {
    }

    /** Supplies the parameter of a given name and shape. */
    interface Params {
        Operand<TFloat32> get(String name, Shape shape);
    }

    /** A parameter's name, shape and fan-in (for He initialisation; 0 means a bias, initialised to 0). */
    record ParamSpec(String name, Shape shape, int fanIn) {
        int size() {
            return Math.toIntExact(shape.size());
        }
    }

    private static final int[] CHANNELS = {16, 32, 64, 128};
    private static final int POOLED_MEL = MEL_BINS >> CHANNELS.length;
    private static final int FLAT = POOLED_MEL * CHANNELS[CHANNELS.length - 1];
    private static final int HIDDEN = 256;

    static List<ParamSpec> params() {
        List<ParamSpec> specs = new ArrayList<>();
        int in = 1;
        for (int i = 0; i < CHANNELS.length; i++) {
            specs.add(new ParamSpec("conv" + (i + 1) + "_w", Shape.of(3, 3, in, CHANNELS[i]), 9 * in));
            specs.add(new ParamSpec("conv" + (i + 1) + "_b", Shape.of(CHANNELS[i]), 0));
            in = CHANNELS[i];
        }
        specs.add(new ParamSpec("fc1_w", Shape.of(FLAT, HIDDEN), FLAT));
        specs.add(new ParamSpec("fc1_b", Shape.of(HIDDEN), 0));
        specs.add(new ParamSpec("fc2_w", Shape.of(HIDDEN, EMBEDDING_DIM), HIDDEN));
        specs.add(new ParamSpec("fc2_b", Shape.of(EMBEDDING_DIM), 0));
        return specs;
    }

    /** He-normal weights and zero biases, reproducible from the seed. */
    static AudioWeights initialWeights(long seed) {
        Random random = new Random(seed);
        AudioWeights weights = new AudioWeights();
        for (ParamSpec spec : params()) {
            float[] values = new float[spec.size()];
            if (spec.fanIn() > 0) {
                double std = Math.sqrt(2.0 / spec.fanIn());
                for (int i = 0; i < values.length; i++) values[i] = (float) (random.nextGaussian() * std);
            }
            weights.put(spec.name(), values);
        }
        return weights;
    }

    /**
     * @param logMel [batch, CROP_FRAMES, MEL_BINS]
     * @return [batch, EMBEDDING_DIM], each row of unit length
     */
    static Operand<TFloat32> embed(Ops tf, Operand<TFloat32> logMel, Params params) {
        List<ParamSpec> specs = params();
        // loudness and recording level shift the whole log-mel plane; standardising each crop removes them
        Operand<TFloat32> mean = tf.math.mean(logMel, tf.constant(new int[] {1, 2}), Mean.keepDims(true));
        Operand<TFloat32> centred = tf.math.sub(logMel, mean);
        Operand<TFloat32> variance = tf.math.mean(tf.math.square(centred), tf.constant(new int[] {1, 2}), Mean.keepDims(true));
        Operand<TFloat32> x = tf.math.mul(centred, tf.math.rsqrt(tf.math.add(variance, tf.constant(1e-4f))));
        x = tf.expandDims(x, tf.constant(3));
        int p = 0;
        for (int i = 0; i < CHANNELS.length; i++) {
            ParamSpec w = specs.get(p++), b = specs.get(p++);
            x = tf.nn.conv2d(x, params.get(w.name(), w.shape()), List.of(1L, 1L, 1L, 1L), "SAME");
            x = tf.nn.relu(tf.nn.biasAdd(x, params.get(b.name(), b.shape())));
            x = tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
        }
        x = tf.math.mean(x, tf.constant(1));
        x = tf.reshape(x, tf.constant(new long[] {-1, FLAT}));
        ParamSpec w1 = specs.get(p++), b1 = specs.get(p++), w2 = specs.get(p++), b2 = specs.get(p);
        x = tf.nn.relu(tf.math.add(tf.linalg.matMul(x, params.get(w1.name(), w1.shape())), params.get(b1.name(), b1.shape())));
        x = tf.math.add(tf.linalg.matMul(x, params.get(w2.name(), w2.shape())), params.get(b2.name(), b2.shape()));
        return l2Normalise(tf, x);
    }

    static Operand<TFloat32> l2Normalise(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> squared = tf.sum(tf.math.square(x), tf.constant(1),
                org.tensorflow.op.core.Sum.keepDims(true));
        return tf.math.mul(x, tf.math.rsqrt(tf.math.add(squared, tf.constant(1e-12f))));
    }

    static {
        if (CROP_FRAMES % (1 << CHANNELS.length) != 0 || MEL_BINS % (1 << CHANNELS.length) != 0) {
            throw new IllegalStateException("crop frames and mel bins must survive " + CHANNELS.length + " 2x2 pools");
        }
    }
}
