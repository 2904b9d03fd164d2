package org.musicrec.recommender.ranking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Trained weights of the attention ranker, held in plain arrays so that they outlive the training graph.
 * Open an {@link AttentionScorer} to use them or {@link AttentionModelExporter export} them.
 */
public final class AttentionModel {

    /** One parameter tensor. */
    record Weight(Shape shape, float[] values) {
        Weight {
            if (shape.size() != values.length) {
                throw new IllegalArgumentException("weight has " + values.length + " values for shape " + shape);
            }
        }
    }

    private final AttentionConfig config;
    private final int itemCount;
    private final Map<String, Weight> weights;
    private final List<EpochStats> epochs;
    private final int bestEpoch;

    AttentionModel(AttentionConfig config, int itemCount, Map<String, Weight> weights, List<EpochStats> epochs,
                   int bestEpoch) {
        this.config = config;
        this.itemCount = itemCount;
        this.weights = new LinkedHashMap<>(weights);
        this.epochs = List.copyOf(epochs);
        this.bestEpoch = bestEpoch;
    }

    public AttentionConfig config() {
        return config;
    }

    /** Number of items, not counting padding. */
    public int itemCount() {
        return itemCount;
    }

    /** Per-epoch training history, in order. */
    public List<EpochStats> epochs() {
        return epochs;
    }

    /** The epoch whose weights these are (the one with the best validation NDCG@10). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Validation NDCG@10 of the kept weights. */
    public double bestValidationNdcg() {
        return epochs.stream().filter(e -> e.epoch() == bestEpoch).mapToDouble(EpochStats::validationNdcg)
                .findFirst().orElse(Double.NaN);
    }

    Map<String, Weight> weights() {
        return weights;
    }

    /** An in-process inference session over these weights; close it. */
    public AttentionScorer openScorer() {
        return AttentionScorer.fromWeights(this);
    }
}
