package org.musicrec.recommender.ranking;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The SASRec-style network: item + learned position embeddings, pre-norm causal self-attention blocks
 * with feed-forward layers, final layer norm. The same code builds the training and the inference graph,
 * so the two cannot drift apart; only where the parameters come from differs.
 */
final class AttentionNetwork {

    /** How a parameter is initialised when training starts. */
    enum Init { EMBEDDING, GLOROT, ZEROS, ONES }

    /** Supplies the parameter of a given name and shape (a variable, in both graphs). */
    @FunctionalInterface
    interface Parameters {
        Operand<TFloat32> get(String name, Shape shape, Init init);
    }

    /**
     * @param hidden        [batch, maxLength, hiddenSize] output of every position
     * @param last          [batch, hiddenSize] output at the most recent position: the user representation
     * @param lastAttention [batch, maxLength] attention of the last position, averaged over blocks and heads
     * @param items         [items + 1, hiddenSize] item embeddings, shared by input and output
     */
    record Outputs(Operand<TFloat32> hidden, Operand<TFloat32> last, Operand<TFloat32> lastAttention,
                   Operand<TFloat32> items) {
    }

    private static final float MASKED = -1e9f;

    private final Ops tf;
    private final AttentionConfig config;
    private final Parameters parameters;
    private final ItemFeatures features;
    private final Operand<TFloat32> dropoutRate;
    private long dropoutSeed;

    private AttentionNetwork(Ops tf, AttentionConfig config, Parameters parameters, ItemFeatures features,
                             Operand<TFloat32> dropoutRate) {
        this.tf = tf;
        this.config = config;
        this.parameters = parameters;
        this.features = features;
        this.dropoutRate = dropoutRate;
        this.dropoutSeed = config.seed();
    }

    /**
     * @param features    tags per item (added to the item embeddings through a learned tag embedding), or null
     * @param history     int32 [batch, maxLength] item indexes, left-padded with 0
     * @param dropoutRate scalar rate, or null for a graph without dropout (inference)
     */
    static Outputs build(Ops tf, AttentionConfig config, int itemCount, Parameters parameters, ItemFeatures features,
                         Operand<TInt32> history, Operand<TFloat32> dropoutRate) {
        if (features != null && features.itemCount() != itemCount) {
            throw new IllegalArgumentException("features describe " + features.itemCount() + " items, the model has "
                    + itemCount);
        }
        return new AttentionNetwork(tf, config, parameters, features, dropoutRate).forward(itemCount, history);
    }

    /**
     * Item vectors: the id embedding plus, with features, the TF-IDF-weighted sum of the item's tag
     * embeddings (a constant table of tag slots per item, so the graph carries its own catalogue features).
     */
    private Operand<TFloat32> itemVectors(int itemCount, int width) {
        Operand<TFloat32> ids = parameters.get("item_embeddings", Shape.of(itemCount + 1L, width), Init.EMBEDDING);
        if (features == null) {
            return ids;
        }
        Operand<TFloat32> tags = parameters.get("tag_embeddings", Shape.of(features.tags().size() + 1L, width),
                Init.EMBEDDING);
        Shape slots = Shape.of(itemCount + 1L, features.perItem());
        Operand<TInt32> indexes = tf.constant(slots, org.tensorflow.ndarray.buffer.DataBuffers.of(
                features.tagIndexes(), true, false));
        Operand<TFloat32> weights = tf.constant(Shape.of(itemCount + 1L, features.perItem(), 1),
                org.tensorflow.ndarray.buffer.DataBuffers.of(features.tagWeights(), true, false));
        Operand<TFloat32> content = tf.reduceSum(tf.math.mul(tf.gather(tags, indexes, tf.constant(0)), weights),
                tf.constant(1));
        if (dropoutRate != null && config.idDropout() > 0f) {
            // training only (the rate placeholder is 0 when validating): whole id rows dropped, inverted scaling
            Operand<TFloat32> rate = tf.math.mul(tf.constant(config.idDropout()), tf.math.sign(dropoutRate));
            Operand<TFloat32> keep = tf.math.sub(tf.constant(1f), rate);
            Operand<TFloat32> noise = tf.random.randomUniform(tf.constant(new long[] {itemCount + 1L, 1L}),
                    TFloat32.class, RandomUniform.seed(config.seed()), RandomUniform.seed2(++dropoutSeed));
            ids = tf.math.div(tf.math.mul(ids, tf.math.floor(tf.math.add(keep, noise))), keep);
        }
        return tf.math.add(ids, content);
    }

    private Outputs forward(int itemCount, Operand<TInt32> history) {
        int length = config.maxLength();
        int width = config.hiddenSize();
        Operand<TFloat32> items = itemVectors(itemCount, width);
        Operand<TFloat32> positions = parameters.get("position_embeddings", Shape.of(length, width), Init.EMBEDDING);

        Operand<TFloat32> present = tf.dtypes.cast(tf.math.greater(history, tf.constant(0)), TFloat32.class);
        Operand<TFloat32> mask = tf.expandDims(present, tf.constant(-1));
        Operand<TFloat32> x = tf.math.add(tf.gather(items, history, tf.constant(0)), positions);
        x = tf.math.mul(dropout(x), mask);

        // causal: position i attends to j <= i; padding: nobody attends to a padded key
        float[][] causal = new float[length][length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                causal[i][j] = MASKED;
            }
        }
        Operand<TFloat32> padKeys = tf.math.mul(
                tf.math.sub(tf.constant(1f), tf.reshape(present, tf.constant(new int[] {-1, 1, 1, length}))),
                tf.constant(MASKED));
        Operand<TFloat32> bias = tf.math.add(tf.constant(causal), padKeys);

        List<Operand<TFloat32>> attentions = new ArrayList<>();
        for (int block = 0; block < config.blocks(); block++) {
            String prefix = "block" + block + "_";
            Operand<TFloat32> normed = layerNorm(x, prefix + "attention_norm");
            Operand<TFloat32> attended = selfAttention(normed, bias, prefix, attentions);
            x = tf.math.add(x, dropout(attended));
            normed = layerNorm(x, prefix + "ffn_norm");
            Operand<TFloat32> inner = tf.nn.relu(dense(normed, prefix + "ffn_in", width, width));
            x = tf.math.add(x, dropout(dense(inner, prefix + "ffn_out", width, width)));
            x = tf.math.mul(x, mask);
        }
        Operand<TFloat32> hidden = layerNorm(x, "final_norm");
        Operand<TFloat32> last = tf.stridedSlice(hidden, Indices.all(), Indices.at(length - 1), Indices.all());
        Operand<TFloat32> lastAttention = tf.math.div(tf.math.addN(attentions), tf.constant((float) attentions.size()));
        return new Outputs(hidden, last, lastAttention, items);
    }

    private Operand<TFloat32> selfAttention(Operand<TFloat32> x, Operand<TFloat32> bias, String prefix,
                                            List<Operand<TFloat32>> attentions) {
        int width = config.hiddenSize();
        Operand<TFloat32> query = splitHeads(dense(x, prefix + "query", width, width));
        Operand<TFloat32> key = splitHeads(dense(x, prefix + "key", width, width));
        Operand<TFloat32> value = splitHeads(dense(x, prefix + "value", width, width));
        float scale = (float) (1.0 / Math.sqrt((double) width / config.heads()));
        Operand<TFloat32> logits = tf.math.add(
                tf.math.mul(tf.train.batchMatMul(query, key, TFloat32.class, BatchMatMul.adjY(true)), tf.constant(scale)),
                bias);
        Operand<TFloat32> weights = tf.nn.softmax(logits);
        // [batch, heads, maxLength(query), maxLength(key)] -> the last query, averaged over heads
        Operand<TFloat32> lastQuery = tf.stridedSlice(weights, Indices.all(), Indices.all(),
                Indices.at(config.maxLength() - 1), Indices.all());
        attentions.add(tf.math.mean(lastQuery, tf.constant(1)));
        Operand<TFloat32> context = tf.train.batchMatMul(dropout(weights), value, TFloat32.class);
        Operand<TFloat32> merged = tf.reshape(tf.linalg.transpose(context, tf.constant(new int[] {0, 2, 1, 3})),
                tf.constant(new int[] {-1, config.maxLength(), width}));
        return dense(merged, prefix + "output", width, width);
    }

    private Operand<TFloat32> splitHeads(Operand<TFloat32> x) {
        int heads = config.heads();
        Operand<TFloat32> split = tf.reshape(x,
                tf.constant(new int[] {-1, config.maxLength(), heads, config.hiddenSize() / heads}));
        return tf.linalg.transpose(split, tf.constant(new int[] {0, 2, 1, 3}));
    }

    private Operand<TFloat32> dense(Operand<TFloat32> x, String name, int in, int out) {
        Operand<TFloat32> kernel = parameters.get(name + "_kernel", Shape.of(in, out), Init.GLOROT);
        Operand<TFloat32> bias = parameters.get(name + "_bias", Shape.of(out), Init.ZEROS);
        Operand<TFloat32> flat = tf.reshape(x, tf.constant(new int[] {-1, in}));
        Operand<TFloat32> projected = tf.math.add(tf.linalg.matMul(flat, kernel), bias);
        return tf.reshape(projected, tf.constant(new int[] {-1, config.maxLength(), out}));
    }

    private Operand<TFloat32> layerNorm(Operand<TFloat32> x, String name) {
        Operand<TFloat32> gamma = parameters.get(name + "_gamma", Shape.of(config.hiddenSize()), Init.ONES);
        Operand<TFloat32> beta = parameters.get(name + "_beta", Shape.of(config.hiddenSize()), Init.ZEROS);
        Operand<TFloat32> mean = tf.math.mean(x, tf.constant(-1), Mean.keepDims(true));
        Operand<TFloat32> centered = tf.math.sub(x, mean);
        Operand<TFloat32> variance = tf.math.mean(tf.math.square(centered), tf.constant(-1), Mean.keepDims(true));
        Operand<TFloat32> normed = tf.math.mul(centered, tf.math.rsqrt(tf.math.add(variance, tf.constant(1e-6f))));
        return tf.math.add(tf.math.mul(normed, gamma), beta);
    }

    private Operand<TFloat32> dropout(Operand<TFloat32> x) {
        if (dropoutRate == null) {
            return x;
        }
        Operand<TFloat32> keep = tf.math.sub(tf.constant(1f), dropoutRate);
        Operand<TFloat32> noise = tf.random.randomUniform(tf.shape(x), TFloat32.class,
                RandomUniform.seed(config.seed()), RandomUniform.seed2(++dropoutSeed));
        Operand<TFloat32> kept = tf.math.floor(tf.math.add(keep, noise));
        return tf.math.div(tf.math.mul(x, kept), keep);
    }

    /** Scores of every item for each row of {@code users} ([batch, hiddenSize]): dot products with item vectors. */
    static Operand<TFloat32> itemScores(Ops tf, Operand<TFloat32> users, Operand<TFloat32> items) {
        return tf.linalg.matMul(users, items, MatMul.transposeB(true));
    }

}
