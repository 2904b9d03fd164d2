package org.musicrec.embedding.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Contrastive (InfoNCE) training of {@link TrackNetwork} on co-listened pairs. A batch holds N pairs (a_i, b_i);
 * a_i must pick b_i out of all b_j by cosine over a temperature, and b_i must pick a_i (symmetric loss). Where the
 * same track sits in several rows, those off-diagonal cells are masked out so a track is never its own negative.
 * Dense softmax cross-entropy against a constant identity target (the sparse op has no gradient in TF Java).
 * Owns its graph and session.
 */
final class TrackTrainer implements AutoCloseable {

    record Config(int pairsPerBatch, float learningRate, float temperature, float artistDropout, float titleDropout,
                  float audioDropout, int threads) {
        Config {
            if (pairsPerBatch < 2) throw new IllegalArgumentException("a contrastive batch needs at least 2 pairs");
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive");
            if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive");
            for (float p : new float[] {artistDropout, titleDropout, audioDropout}) {
                if (p < 0 || p >= 1) throw new IllegalArgumentException("a dropout probability must be in [0, 1)");
            }
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    private final Config config;
    private final Graph graph = new Graph();
    private final Session session;
    private final TrackNetwork.Inputs a;
    private final TrackNetwork.Inputs b;
    private final Placeholder<TFloat32> mask;
    private final Operand<TFloat32> loss;
    private final Op minimize;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();

    TrackTrainer(Config config, Map<String, float[]> initial) {
        this.config = config;
        TrackNetwork.validated(initial);
        int n = config.pairsPerBatch();
        try {
            Ops tf = Ops.create(graph);
            a = inputs(tf.withSubScope("a"), n);
            b = inputs(tf.withSubScope("b"), n);
            mask = tf.withName("same_track_mask").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
            TrackNetwork.Params params = (name, shape) -> variables.computeIfAbsent(name, k -> tf.withName(k).variable(
                    tf.constant(shape, DataBuffers.of(initial.get(k), true, false))));
            Operand<TFloat32> za = TrackNetwork.encode(tf, a, params);
            Operand<TFloat32> zb = TrackNetwork.encode(tf, b, params);
            Operand<TFloat32> logits = tf.math.sub(
                    tf.math.div(tf.linalg.matMul(za, zb, MatMul.transposeB(true)), tf.constant(config.temperature())),
                    tf.math.mul(mask, tf.constant(1e9f)));
            float[][] identity = new float[n][n];
            for (int i = 0; i < n; i++) identity[i][i] = 1;
            Operand<TFloat32> target = tf.constant(identity);
            Operand<TFloat32> rows = tf.nn.softmaxCrossEntropyWithLogits(logits, target).loss();
            Operand<TFloat32> cols = tf.nn.softmaxCrossEntropyWithLogits(
                    tf.linalg.transpose(logits, tf.constant(new int[] {1, 0})), target).loss();
            loss = tf.withName("loss").math.mul(tf.constant(0.5f), tf.math.add(
                    tf.math.mean(rows, tf.constant(0), Mean.keepDims(false)),
                    tf.math.mean(cols, tf.constant(0), Mean.keepDims(false))));
            minimize = new Adam(graph, config.learningRate()).minimize(loss);
            session = new Session(graph, InferenceGraph.config(config.threads()));
            session.initialize();
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    private static TrackNetwork.Inputs inputs(Ops tf, int n) {
        return new TrackNetwork.Inputs(
                tf.withName("tags").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, TrackModelSpec.TAG_BUCKETS))),
                tf.withName("artist").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, TrackModelSpec.ARTIST_BUCKETS))),
                tf.withName("title").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, TrackModelSpec.TITLE_BUCKETS))),
                tf.withName("audio").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, TrackModelSpec.AUDIO_DIM))),
                tf.withName("has_audio").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, 1))));
    }

    /**
     * Trains on co-listened pairs of {@code tracks} for {@code steps} Adam steps, pairs drawn uniformly with
     * replacement; returns the batch losses. {@code progress} is told each finished step.
     */
    List<Double> fit(List<TrackFeaturizer.Sparse> tracks, List<int[]> pairs, int steps, long seed, IntConsumer progress) {
        if (pairs.size() < config.pairsPerBatch()) {
            throw new IllegalArgumentException("need at least " + config.pairsPerBatch() + " pairs, have " + pairs.size());
        }
        Random random = new Random(seed);
        int n = config.pairsPerBatch();
        List<Double> losses = new ArrayList<>(steps);
        for (int step = 0; step < steps; step++) {
            int[] left = new int[n], right = new int[n];
            for (int i = 0; i < n; i++) {
                int[] pair = pairs.get(random.nextInt(pairs.size()));
                boolean swap = random.nextBoolean();
                left[i] = swap ? pair[1] : pair[0];
                right[i] = swap ? pair[0] : pair[1];
            }
            losses.add((double) step(batch(tracks, left, random), batch(tracks, right, random), sameTrackMask(left, right)));
            progress.accept(step);
        }
        return losses;
    }

    private TrackFeaturizer.Batch batch(List<TrackFeaturizer.Sparse> tracks, int[] ids, Random random) {
        TrackFeaturizer.Batch batch = TrackFeaturizer.Batch.allocate(ids.length);
        for (int i = 0; i < ids.length; i++) {
            TrackFeaturizer.fill(batch, i, tracks.get(ids[i]), random.nextFloat() >= config.artistDropout(),
                    random.nextFloat() >= config.titleDropout(), random.nextFloat() >= config.audioDropout());
        }
        return batch;
    }

    /** 1 where row i and column j (i != j) hold the same track on either side: neither a positive nor a negative. */
    static float[] sameTrackMask(int[] left, int[] right) {
        int n = left.length;
        float[] mask = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && (left[i] == left[j] || right[i] == right[j] || left[i] == right[j])) mask[i * n + j] = 1;
            }
        }
        return mask;
    }

    /** One Adam step; returns the loss before it. */
    float step(TrackFeaturizer.Batch left, TrackFeaturizer.Batch right, float[] sameTrack) {
        int n = config.pairsPerBatch();
        if (left.n() != n || right.n() != n || sameTrack.length != n * n) {
            throw new IllegalArgumentException("a batch must hold exactly " + n + " pairs");
        }
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            feed(runner, a, left, tensors);
            feed(runner, b, right, tensors);
            TFloat32 m = TrackInferenceGraph.tensor(sameTrack, n, n);
            tensors.add(m);
            runner.feed(mask, m);
            try (Result result = runner.addTarget(minimize).fetch(loss).run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    private static void feed(Session.Runner runner, TrackNetwork.Inputs in, TrackFeaturizer.Batch b, List<TFloat32> open) {
        int n = b.n();
        TFloat32[] t = {
                TrackInferenceGraph.tensor(b.tags(), n, TrackModelSpec.TAG_BUCKETS),
                TrackInferenceGraph.tensor(b.artist(), n, TrackModelSpec.ARTIST_BUCKETS),
                TrackInferenceGraph.tensor(b.title(), n, TrackModelSpec.TITLE_BUCKETS),
                TrackInferenceGraph.tensor(b.audio(), n, TrackModelSpec.AUDIO_DIM),
                TrackInferenceGraph.tensor(b.hasAudio(), n, 1)};
        open.addAll(List.of(t));
        runner.feed(in.tags(), t[0]).feed(in.artist(), t[1]).feed(in.title(), t[2]).feed(in.audio(), t[3])
                .feed(in.hasAudio(), t[4]);
    }

    /** A copy of the current parameters. */
    Map<String, float[]> weights() {
        Map<String, float[]> out = new LinkedHashMap<>();
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
        return TrackNetwork.validated(out);
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
