package org.musicrec.recommender.ranking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Inference over the exported signature: scores of all items and the last position's attention for
 * histories of item indexes. Thread-safe; owns its native resources until {@link #close()}.
 */
public final class AttentionScorer implements ItemScorer, AutoCloseable {

    /**
     * @param scores    score per item index ({@code [items + 1]}, index 0 unused)
     * @param attention weight per entry of the history passed in (oldest first); entries older than the
     *                  model's window get 0
     */
    public record Scored(float[] scores, float[] attention) {
    }

    private final SessionFunction function;
    private final int maxLength;
    private final int itemCount;
    private final AutoCloseable[] owned;

    AttentionScorer(SessionFunction function, int maxLength, int itemCount, AutoCloseable... owned) {
        this.function = function;
        this.maxLength = maxLength;
        this.itemCount = itemCount;
        this.owned = owned;
    }

    /** Builds the inference graph and loads the weights into its variables. */
    static AttentionScorer fromWeights(AttentionModel model) {
        Graph graph = new Graph();
        Session session = null;
        try {
            Ops tf = Ops.create(graph);
            List<Variable<TFloat32>> variables = new ArrayList<>();
            List<Placeholder<TFloat32>> feeds = new ArrayList<>();
            List<Assign<TFloat32>> assigns = new ArrayList<>();
            List<AttentionModel.Weight> values = new ArrayList<>();
            // with tag features the item vectors (id embedding + weighted tag embeddings) are the same for every
            // request: fold them into one table once, instead of gathering the tag table on every call
            java.util.Map<String, AttentionModel.Weight> weights = new java.util.HashMap<>(model.weights());
            if (model.features() != null) {
                AttentionModel.Weight ids = weights.get("item_embeddings");
                weights.put("item_embeddings", new AttentionModel.Weight(ids.shape(), model.itemVectors()));
            }
            AttentionNetwork.Parameters parameters = (name, shape, init) -> {
                AttentionModel.Weight weight = weights.get(name);
                if (weight == null || !weight.shape().equals(shape)) {
                    throw new IllegalStateException("no weight " + name + " of shape " + shape);
                }
                Variable<TFloat32> variable = tf.withName(name).variable(shape, TFloat32.class);
                Placeholder<TFloat32> feed = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
                variables.add(variable);
                feeds.add(feed);
                assigns.add(tf.assign(variable, feed));
                values.add(weight);
                return variable;
            };
            Signature signature = buildSignature(tf, model.config(), model.itemCount(), parameters,
                    null, model.scoreOffset());
            session = new Session(graph);
            for (int i = 0; i < assigns.size(); i++) {
                AttentionModel.Weight weight = values.get(i);
                try (TFloat32 tensor = Tensors.floats(weight.shape(), weight.values())) {
                    session.runner().feed(feeds.get(i), tensor).addTarget(assigns.get(i)).run();
                }
            }
            return new AttentionScorer(SessionFunction.create(signature, session), model.config().maxLength(),
                    model.itemCount(), session, graph);
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            graph.close();
            throw e;
        }
    }

    /**
     * Adds the inference ops to a graph and describes them as the exported signature.
     *
     * @param features    the model's item features, or null
     * @param scoreOffset added to every row of scores (a popularity prior), or null
     */
    static Signature buildSignature(Ops tf, AttentionConfig config, int itemCount,
                                    AttentionNetwork.Parameters parameters, ItemFeatures features,
                                    float[] scoreOffset) {
        Placeholder<TInt32> history = tf.withName(RankerSignature.HISTORY)
                .placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, config.maxLength())));
        AttentionNetwork.Outputs outputs = AttentionNetwork.build(tf, config, itemCount, parameters, features, history, null);
        Operand<TFloat32> raw = AttentionNetwork.itemScores(tf, outputs.last(), outputs.items());
        if (scoreOffset != null) {
            // a constant in the graph: the exported model serves exactly what was validated
            raw = tf.math.add(raw, tf.constant(scoreOffset));
        }
        Operand<TFloat32> scores = tf.withName(RankerSignature.SCORES).identity(raw);
        Operand<TFloat32> attention = tf.withName(RankerSignature.ATTENTION).identity(outputs.lastAttention());
        return Signature.builder(RankerSignature.KEY)
                .input(RankerSignature.HISTORY, history)
                .output(RankerSignature.SCORES, scores)
                .output(RankerSignature.ATTENTION, attention)
                .build();
    }

    public int maxLength() {
        return maxLength;
    }

    /** Number of items, not counting padding. */
    public int itemCount() {
        return itemCount;
    }

    SessionFunction function() {
        return function;
    }

    @Override
    public float[][] score(int[][] histories) {
        if (histories.length == 0) {
            return new float[0][];
        }
        try (TInt32 input = Tensors.ints(Shape.of(histories.length, maxLength), Tensors.leftPadded(histories, maxLength));
             Result result = function.call(Map.of(RankerSignature.HISTORY, input))) {
            return Tensors.readRows((TFloat32) result.get(RankerSignature.SCORES).orElseThrow());
        }
    }

    /** Scores and attention for one history of item indexes (oldest first). */
    public Scored scoreWithAttention(int[] history) {
        try (TInt32 input = Tensors.ints(Shape.of(1, maxLength), Tensors.leftPadded(new int[][] {history}, maxLength));
             Result result = function.call(Map.of(RankerSignature.HISTORY, input))) {
            float[] scores = Tensors.read((TFloat32) result.get(RankerSignature.SCORES).orElseThrow());
            float[] window = Tensors.read((TFloat32) result.get(RankerSignature.ATTENTION).orElseThrow());
            float[] attention = new float[history.length];
            int take = Math.min(history.length, maxLength);
            for (int i = 0; i < take; i++) {
                attention[history.length - take + i] = window[maxLength - take + i];
            }
            return new Scored(scores, attention);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not release a TensorFlow resource", e);
            }
        }
    }

}
