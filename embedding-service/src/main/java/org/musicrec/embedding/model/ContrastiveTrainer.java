package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.AudioModelSpec.CROP_FRAMES;
import static org.musicrec.embedding.model.AudioModelSpec.EMBEDDING_DIM;
import static org.musicrec.embedding.model.AudioModelSpec.MEL_BINS;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * NT-Xent (InfoNCE) training of {@link AudioNetwork} on log-mel crops, in one of two layouts:
 * <ul>
 *   <li><b>pairs</b> ({@code contextCrops = 0}): two crops of each of N tracks, rows i and i + N; each crop must
 *   pick its partner out of the other 2N - 1 crops by cosine similarity over a temperature;</li>
 *   <li><b>crop to track</b> ({@code contextCrops = K > 0}): rows 0..N-1 are one query crop per track, then K
 *   context crops per track (rows N + i·K ..); the context crops' embeddings are averaged and re-normalised into
 *   a track vector, the way a whole track is embedded for serving, and each query crop must pick its own
 *   track's vector out of the N (and each track vector its query crop: the loss is symmetric). This trains the
 *   retrieval the service does (a crop or a track against stored track vectors) rather than crop against crop.</li>
 * </ul>
 * Dense softmax cross-entropy against a constant one-hot target (the sparse op has no gradient in TF Java). Owns
 * its graph and session.
 */
final class ContrastiveTrainer implements AutoCloseable {

    /** @param contextCrops 0 for crop pairs, K > 0 for one query crop against the mean of K crops per track */
    record Config(int tracksPerBatch, float learningRate, float temperature, int threads, int contextCrops) {
        Config {
            if (tracksPerBatch < 2) throw new IllegalArgumentException("a contrastive batch needs at least 2 tracks");
            if (contextCrops < 0) throw new IllegalArgumentException("context crops must be 0 (pairs) or more");
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive");
            if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive");
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        }

        /** Crop pairs. */
        Config(int tracksPerBatch, float learningRate, float temperature, int threads) {
            this(tracksPerBatch, learningRate, temperature, threads, 0);
        }

        /** Crops in one batch: 2N for pairs, N (1 + K) for crop to track. */
        int rows() {
            return contextCrops == 0 ? 2 * tracksPerBatch : tracksPerBatch * (1 + contextCrops);
        }
    }

    private final Config config;
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> crops;
    private final Operand<TFloat32> loss;
    private final Op minimize;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();

    ContrastiveTrainer(Config config, AudioWeights initial) {
        this.config = config;
        initial.validated();
        int rows = config.rows();
        try {
            Ops tf = Ops.create(graph);
            crops = tf.withName("log_mel_crops").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(rows, CROP_FRAMES, MEL_BINS)));
            Operand<TFloat32> z = AudioNetwork.embed(tf, crops, (name, shape) -> {
                Variable<TFloat32> v = tf.withName(name).variable(
                        tf.constant(shape, DataBuffers.of(initial.get(name), true, false)));
                variables.put(name, v);
                return v;
            });
            loss = tf.withName("loss").identity(config.contextCrops() == 0 ? pairLoss(tf, z) : cropToTrackLoss(tf, z));
            minimize = new Adam(graph, config.learningRate()).minimize(loss);
            session = new Session(graph, InferenceGraph.config(config.threads()));
            session.initialize();
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    private Operand<TFloat32> pairLoss(Ops tf, Operand<TFloat32> z) {
        int rows = config.rows();
        Operand<TFloat32> similarity = tf.linalg.matMul(z, z, MatMul.transposeB(true));
        float[][] selfMask = new float[rows][rows];
        float[][] target = new float[rows][rows];
        for (int i = 0; i < rows; i++) {
            selfMask[i][i] = 1e9f;
            target[i][(i + config.tracksPerBatch()) % rows] = 1;
        }
        Operand<TFloat32> logits = tf.math.sub(tf.math.div(similarity, tf.constant(config.temperature())),
                tf.constant(selfMask));
        return meanCrossEntropy(tf, logits, tf.constant(target));
    }

    private Operand<TFloat32> cropToTrackLoss(Ops tf, Operand<TFloat32> z) {
        int n = config.tracksPerBatch();
        int k = config.contextCrops();
        Operand<TFloat32> queries = tf.slice(z, tf.constant(new int[] {0, 0}), tf.constant(new int[] {n, EMBEDDING_DIM}));
        Operand<TFloat32> context = tf.slice(z, tf.constant(new int[] {n, 0}), tf.constant(new int[] {n * k, EMBEDDING_DIM}));
        Operand<TFloat32> tracks = AudioNetwork.l2Normalise(tf, tf.math.mean(
                tf.reshape(context, tf.constant(new int[] {n, k, EMBEDDING_DIM})), tf.constant(1)));
        Operand<TFloat32> logits = tf.math.div(tf.linalg.matMul(queries, tracks, MatMul.transposeB(true)),
                tf.constant(config.temperature()));
        float[][] identity = new float[n][n];
        for (int i = 0; i < n; i++) {
            identity[i][i] = 1;
        }
        Operand<TFloat32> target = tf.constant(identity);
        return tf.math.div(tf.math.add(meanCrossEntropy(tf, logits, target),
                meanCrossEntropy(tf, tf.linalg.transpose(logits, tf.constant(new int[] {1, 0})), target)), tf.constant(2f));
    }

    private static Operand<TFloat32> meanCrossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> target) {
        return tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, target).loss(), tf.constant(0),
                Mean.keepDims(false));
    }

    int rows() {
        return config.rows();
    }

    /** Chance level of the loss: ln of the candidates each row picks from. */
    double chanceLoss() {
        return Math.log(config.contextCrops() == 0 ? config.rows() - 1 : config.tracksPerBatch());
    }

    /**
     * One Adam step on [rows, CROP_FRAMES, MEL_BINS] crops in this trainer's layout (see the class comment, and
     * {@link CropSampler#batch(int)} / {@link CropSampler#cropToTrackBatch(int, int)}); returns the loss before it.
     */
    float step(float[] batch) {
        if (batch.length != rows() * CROP_FRAMES * MEL_BINS) {
            throw new IllegalArgumentException("batch holds " + batch.length + " values, expected " + rows() * CROP_FRAMES * MEL_BINS);
        }
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(rows(), CROP_FRAMES, MEL_BINS), DataBuffers.of(batch, true, false));
             Result result = session.runner().feed(crops, x).addTarget(minimize).fetch(loss).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    /** A copy of the current parameters. */
    AudioWeights weights() {
        AudioWeights out = new AudioWeights();
        List<String> names = List.copyOf(variables.keySet());
        Session.Runner runner = session.runner();
        names.forEach(name -> runner.fetch(variables.get(name)));
        try (Result result = runner.run()) {
            for (int i = 0; i < names.size(); i++) {
                TFloat32 t = (TFloat32) result.get(i);
                float[] v = new float[Math.toIntExact(t.shape().size())];
                t.copyTo(DataBuffers.of(v, false, false));
                out.put(names.get(i), v);
            }
        }
        return out.validated();
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
