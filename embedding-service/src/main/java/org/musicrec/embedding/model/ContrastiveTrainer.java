package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.AudioModelSpec.CROP_FRAMES;
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
 * NT-Xent (InfoNCE) training of {@link AudioNetwork} on log-mel crops. A batch holds two crops of each of N
 * tracks, rows i and i + N; each crop must pick its partner out of the other 2N - 1 crops by cosine similarity
 * over a temperature. Dense softmax cross-entropy against a constant one-hot target (the sparse op has no
 * gradient in TF Java). Owns its graph and session.
 */
final class ContrastiveTrainer implements AutoCloseable {

    record Config(int tracksPerBatch, float learningRate, float temperature, int threads) {
        Config {
            if (tracksPerBatch < 2) throw new IllegalArgumentException("a contrastive batch needs at least 2 tracks");
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive");
            if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive");
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
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
        int rows = 2 * config.tracksPerBatch();
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
            Operand<TFloat32> similarity = tf.linalg.matMul(z, z, MatMul.transposeB(true));
            float[][] selfMask = new float[rows][rows];
            float[][] target = new float[rows][rows];
            for (int i = 0; i < rows; i++) {
                selfMask[i][i] = 1e9f;
                target[i][(i + config.tracksPerBatch()) % rows] = 1;
            }
            Operand<TFloat32> logits = tf.math.sub(tf.math.div(similarity, tf.constant(config.temperature())),
                    tf.constant(selfMask));
            loss = tf.withName("loss").math.mean(
                    tf.nn.softmaxCrossEntropyWithLogits(logits, tf.constant(target)).loss(), tf.constant(0), Mean.keepDims(false));
            minimize = new Adam(graph, config.learningRate()).minimize(loss);
            session = new Session(graph, InferenceGraph.config(config.threads()));
            session.initialize();
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    int rows() {
        return 2 * config.tracksPerBatch();
    }

    /** One Adam step on [2N, CROP_FRAMES, MEL_BINS] crops (pairs at i and i + N); returns the loss before it. */
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
