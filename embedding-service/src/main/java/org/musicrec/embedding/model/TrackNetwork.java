package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.TrackModelSpec.ARTIST_BUCKETS;
import static org.musicrec.embedding.model.TrackModelSpec.AUDIO_DIM;
import static org.musicrec.embedding.model.TrackModelSpec.EMBEDDING_DIM;
import static org.musicrec.embedding.model.TrackModelSpec.HIDDEN;
import static org.musicrec.embedding.model.TrackModelSpec.TAG_BUCKETS;
import static org.musicrec.embedding.model.TrackModelSpec.TITLE_BUCKETS;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The track encoder's MLP: each input is projected to {@link TrackModelSpec#HIDDEN} units (for the hashed inputs
 * that is a sum of bucket embeddings) and the projections are summed, then ReLU, a dense ReLU layer, a dense
 * layer to {@link TrackModelSpec#EMBEDDING_DIM} and L2 normalisation. The same builder makes the training graph
 * (parameters are variables) and the inference graph (parameters are the trained values).
 */
final class TrackNetwork {

    private TrackNetwork() {
    }

    /** Supplies the parameter of a given name and shape; asked once per name and graph use. */
    interface Params {
        Operand<TFloat32> get(String name, Shape shape);
    }

    /** A parameter and how it starts: normal with this standard deviation (0: all zeros). */
    record ParamSpec(String name, Shape shape, double initStd) {
        int size() {
            return Math.toIntExact(shape.size());
        }
    }

    /** The model's inputs as graph operands, in the signature's order. */
    record Inputs(Operand<TFloat32> tags, Operand<TFloat32> artist, Operand<TFloat32> title,
                  Operand<TFloat32> audio, Operand<TFloat32> hasAudio) {
    }

    /** Bucket embeddings start small and equal in scale across inputs, like an embedding table. */
    private static final double EMBED_STD = 0.1;

    static List<ParamSpec> params() {
        return List.of(
                new ParamSpec("tag_w", Shape.of(TAG_BUCKETS, HIDDEN), EMBED_STD),
                new ParamSpec("artist_w", Shape.of(ARTIST_BUCKETS, HIDDEN), EMBED_STD),
                new ParamSpec("title_w", Shape.of(TITLE_BUCKETS, HIDDEN), EMBED_STD),
                // the audio path starts at zero: until a model is trained on tracks with audio, the audio input
                // changes nothing and audio tracks get their metadata vector rather than a random shift of it
                new ParamSpec("audio_w", Shape.of(AUDIO_DIM, HIDDEN), 0),
                new ParamSpec("has_audio_w", Shape.of(1, HIDDEN), 0),
                new ParamSpec("in_b", Shape.of(HIDDEN), 0),
                new ParamSpec("fc1_w", Shape.of(HIDDEN, HIDDEN), Math.sqrt(2.0 / HIDDEN)),
                new ParamSpec("fc1_b", Shape.of(HIDDEN), 0),
                new ParamSpec("fc2_w", Shape.of(HIDDEN, EMBEDDING_DIM), Math.sqrt(2.0 / HIDDEN)),
                new ParamSpec("fc2_b", Shape.of(EMBEDDING_DIM), 0));
    }

    static Map<String, float[]> initialWeights(long seed) {
        Random random = new Random(seed);
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (ParamSpec spec : params()) {
            float[] values = new float[spec.size()];
            for (int i = 0; i < values.length && spec.initStd() > 0; i++) {
                values[i] = (float) (random.nextGaussian() * spec.initStd());
            }
            // a positive input bias keeps the ReLUs alive for a track with no features at all, so it still gets a
            // (shared) unit vector instead of zeros
            if (spec.name().equals("in_b")) java.util.Arrays.fill(values, 0.1f);
            weights.put(spec.name(), values);
        }
        return weights;
    }

    /** Checks every parameter is present with the right size. */
    static Map<String, float[]> validated(Map<String, float[]> weights) {
        for (ParamSpec spec : params()) {
            float[] v = weights.get(spec.name());
            if (v == null || v.length != spec.size()) {
                throw new IllegalArgumentException("parameter " + spec.name() + " should hold " + spec.size() + " values");
            }
        }
        return weights;
    }

    /** @return [n, EMBEDDING_DIM], each row of unit length */
    static Operand<TFloat32> encode(Ops tf, Inputs in, Params params) {
        Map<String, Operand<TFloat32>> p = new LinkedHashMap<>();
        for (ParamSpec spec : params()) p.put(spec.name(), params.get(spec.name(), spec.shape()));
        Operand<TFloat32> h = tf.linalg.matMul(in.tags(), p.get("tag_w"));
        h = tf.math.add(h, tf.linalg.matMul(in.artist(), p.get("artist_w")));
        h = tf.math.add(h, tf.linalg.matMul(in.title(), p.get("title_w")));
        h = tf.math.add(h, tf.linalg.matMul(in.audio(), p.get("audio_w")));
        h = tf.math.add(h, tf.linalg.matMul(in.hasAudio(), p.get("has_audio_w")));
        h = tf.nn.relu(tf.math.add(h, p.get("in_b")));
        h = tf.nn.relu(tf.math.add(tf.linalg.matMul(h, p.get("fc1_w")), p.get("fc1_b")));
        Operand<TFloat32> z = tf.math.add(tf.linalg.matMul(h, p.get("fc2_w")), p.get("fc2_b"));
        return AudioNetwork.l2Normalise(tf, z);
    }
}
