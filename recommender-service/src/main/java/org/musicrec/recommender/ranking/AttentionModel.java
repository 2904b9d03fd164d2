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
    private final float[] scoreOffset;
    private final float priorWeight;
    private final ItemFeatures features;

    private final List<Integer> averagedEpochs;
    private final double averagedNdcg;

    AttentionModel(AttentionConfig config, int itemCount, Map<String, Weight> weights, List<EpochStats> epochs,
                   int bestEpoch, float[] scoreOffset, float priorWeight, ItemFeatures features) {
        this(config, itemCount, weights, epochs, bestEpoch, scoreOffset, priorWeight, features, List.of(), Double.NaN);
    }

    /**
     * @param averagedEpochs the epochs whose weights were averaged into these (empty: the best epoch's own)
     * @param averagedNdcg   validation NDCG@10 of the averaged weights (NaN when not averaged)
     */
    AttentionModel(AttentionConfig config, int itemCount, Map<String, Weight> weights, List<EpochStats> epochs,
                   int bestEpoch, float[] scoreOffset, float priorWeight, ItemFeatures features,
                   List<Integer> averagedEpochs, double averagedNdcg) {
        if (scoreOffset != null && scoreOffset.length != itemCount + 1) {
            throw new IllegalArgumentException("score offset has " + scoreOffset.length + " values for "
                    + (itemCount + 1) + " item indexes");
        }
        this.config = config;
        this.itemCount = itemCount;
        this.weights = new LinkedHashMap<>(weights);
        this.epochs = List.copyOf(epochs);
        this.bestEpoch = bestEpoch;
        this.scoreOffset = scoreOffset == null ? null : scoreOffset.clone();
        this.priorWeight = priorWeight;
        this.features = features;
        this.averagedEpochs = List.copyOf(averagedEpochs);
        this.averagedNdcg = averagedNdcg;
    }

    /**
     * The same network with {@code weight * ln(1 + count)} added to every item's score: a popularity prior
     * that the scorer and the exported model apply. Weight 0 gives the plain network; a negative weight is a
     * popularity penalty (it favours the items the network ranks high among those seldom played).
     *
     * @param counts per item index (0 unused) how often it occurs in the training data
     */
    public AttentionModel withPopularityPrior(float[] counts, float weight) {
        if (counts.length != itemCount + 1) {
            throw new IllegalArgumentException("need one count per item index, got " + counts.length);
        }
        if (!(Math.abs(weight) <= 10f)) {
            throw new IllegalArgumentException("prior weight must be a number from -10 to 10, not " + weight);
        }
        float[] offset = null;
        if (weight != 0f) {
            offset = new float[counts.length];
            for (int i = 1; i < counts.length; i++) {
                offset[i] = weight * (float) Math.log1p(counts[i]);
            }
        }
        return new AttentionModel(config, itemCount, weights, epochs, bestEpoch, offset, weight, features,
                averagedEpochs, averagedNdcg);
    }

    /** Weight of the popularity prior added to the scores (0 = none). */
    public float priorWeight() {
        return priorWeight;
    }

    /** The item features the network was trained with (constants of its graph), or null. */
    public ItemFeatures features() {
        return features;
    }

    /** Added to the network's score of each item index, or null. */
    float[] scoreOffset() {
        return scoreOffset;
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

    /** The epochs whose weights were averaged into this model, best first; empty when it is one epoch's weights. */
    public List<Integer> averagedEpochs() {
        return averagedEpochs;
    }

    /** Validation NDCG@10 of the kept weights (the average's, when averaged; without a popularity prior). */
    public double bestValidationNdcg() {
        if (!averagedEpochs.isEmpty()) {
            return averagedNdcg;
        }
        return epochs.stream().filter(e -> e.epoch() == bestEpoch).mapToDouble(EpochStats::validationNdcg)
                .findFirst().orElse(Double.NaN);
    }

    Map<String, Weight> weights() {
        return weights;
    }

    /**
     * The item vectors the network scores against, flat {@code [items + 1, hiddenSize]}: id embedding plus,
     * with features, the weighted tag embeddings (what the graph computes, here in plain Java).
     */
    public float[] itemVectors() {
        int width = config.hiddenSize();
        float[] vectors = weights.get("item_embeddings").values().clone();
        if (features != null) {
            float[] tags = weights.get("tag_embeddings").values();
            int slots = features.perItem();
            for (int item = 0; item <= itemCount; item++) {
                for (int k = 0; k < slots; k++) {
                    float weight = features.tagWeights()[item * slots + k];
                    if (weight == 0f) {
                        continue;
                    }
                    int tag = features.tagIndexes()[item * slots + k];
                    for (int d = 0; d < width; d++) {
                        vectors[item * width + d] += weight * tags[tag * width + d];
                    }
                }
            }
        }
        return vectors;
    }

    /** An in-process inference session over these weights; close it. */
    public AttentionScorer openScorer() {
        return AttentionScorer.fromWeights(this);
    }
}
