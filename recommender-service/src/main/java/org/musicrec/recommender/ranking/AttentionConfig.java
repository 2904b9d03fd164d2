package org.musicrec.recommender.ranking;

/**
 * Hyper-parameters of the self-attention ranker; the defaults were tuned on the HetRec Last.fm split
 * (see docs/ranker.md for the runs behind them).
 *
 * @param maxLength       history positions the model sees (older events are dropped)
 * @param hiddenSize      embedding and model width
 * @param blocks          causal self-attention blocks
 * @param heads           attention heads per block; must divide hiddenSize
 * @param dropout         dropout rate on embeddings, attention weights and block outputs
 * @param learningRate    Adam learning rate
 * @param batchSize       training windows per step
 * @param maxEpochs       upper bound on passes over the training data
 * @param patience        epochs without a better validation NDCG@10 before training stops
 * @param negativeSamples 0 = softmax over the whole catalogue; n > 0 = sampled softmax over n shared
 *                        uniform negatives per step (for catalogues too large for the full softmax)
 * @param seed            seed for initial weights, shuffling and dropout
 * @param idDropout       with tag features: share of the item vectors whose id embedding is dropped in a training
 *                        step (the item is then its tags alone), so that rare items lean on their tags; 0 = off
 */
public record AttentionConfig(int maxLength, int hiddenSize, int blocks, int heads, float dropout,
                              float learningRate, int batchSize, int maxEpochs, int patience,
                              int negativeSamples, long seed, float idDropout) {

    public AttentionConfig {
        if (maxLength < 1) throw new IllegalArgumentException("maxLength must be at least 1");
        if (hiddenSize < 1) throw new IllegalArgumentException("hiddenSize must be at least 1");
        if (blocks < 1) throw new IllegalArgumentException("blocks must be at least 1");
        if (heads < 1 || hiddenSize % heads != 0) {
            throw new IllegalArgumentException("heads must be positive and divide hiddenSize");
        }
        if (dropout < 0f || dropout >= 1f) throw new IllegalArgumentException("dropout must be in [0, 1)");
        if (learningRate <= 0f) throw new IllegalArgumentException("learningRate must be positive");
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1");
        if (maxEpochs < 1) throw new IllegalArgumentException("maxEpochs must be at least 1");
        if (patience < 1) throw new IllegalArgumentException("patience must be at least 1");
        if (negativeSamples < 0) throw new IllegalArgumentException("negativeSamples must not be negative");
        if (idDropout < 0f || idDropout >= 1f) throw new IllegalArgumentException("idDropout must be in [0, 1)");
    }

    /** Without id dropout. */
    public AttentionConfig(int maxLength, int hiddenSize, int blocks, int heads, float dropout, float learningRate,
                           int batchSize, int maxEpochs, int patience, int negativeSamples, long seed) {
        this(maxLength, hiddenSize, blocks, heads, dropout, learningRate, batchSize, maxEpochs, patience,
                negativeSamples, seed, 0f);
    }

    /** The tuned defaults. */
    public static AttentionConfig defaults() {
        return new AttentionConfig(50, 64, 2, 2, 0.5f, 2e-3f, 32, 200, 8, 0, 42L);
    }

    public AttentionConfig withMaxEpochs(int epochs) {
        return new AttentionConfig(maxLength, hiddenSize, blocks, heads, dropout, learningRate, batchSize,
                epochs, patience, negativeSamples, seed, idDropout);
    }
}
