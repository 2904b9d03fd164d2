package org.musicrec.recommender.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.musicrec.recommender.ranking.AttentionConfig;
import org.musicrec.recommender.ranking.ItemFeatures;
import org.musicrec.recommender.ranking.ItemVocabulary;
import picocli.CommandLine.Option;

/** The attention model's command-line knobs, shared by {@code evaluate} and {@code train}; unset = tuned default. */
final class AttentionOptions {

    @Option(names = "--max-length", description = "history window") Integer maxLength;
    @Option(names = "--hidden", description = "model width") Integer hidden;
    @Option(names = "--blocks", description = "attention blocks") Integer blocks;
    @Option(names = "--heads", description = "attention heads") Integer heads;
    @Option(names = "--dropout", description = "dropout rate") Float dropout;
    @Option(names = "--learning-rate", description = "Adam learning rate") Float learningRate;
    @Option(names = "--batch-size", description = "training windows per step") Integer batchSize;
    @Option(names = "--epochs", description = "maximum epochs (cap it for a quick run)") Integer epochs;
    @Option(names = "--patience", description = "early-stopping patience in epochs") Integer patience;
    @Option(names = "--sampled-negatives", description = "0 = full softmax; n = sampled softmax with n negatives")
    Integer sampledNegatives;
    @Option(names = "--seed", description = "random seed") Long seed;
    @Option(names = "--id-dropout", description = "with tags: share of item id embeddings dropped per training step")
    Float idDropout;

    @Option(names = "--shuffle-days", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "training augmentation: items of the same day are seen in a new random order every epoch"
                    + " (their recorded order carries no information); default ${DEFAULT-VALUE}")
    boolean shuffleDays;

    @Option(names = "--day-targets", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "with dates: each position learns all items still to come on the next item's day"
                    + " (equal weights) instead of the one the recorded order puts next; default ${DEFAULT-VALUE}")
    boolean dayTargets;

    @Option(names = "--prior-weights", split = ",", defaultValue = "0,0.1,0.2,0.3,0.5,0.75,1",
            description = "candidate weights w of the popularity prior (score + w * ln(1 + count)), -10 to 10 (a"
                    + " negative w penalises popular items); the best on the validation targets is kept; default"
                    + " ${DEFAULT-VALUE}")
    List<Float> priorWeights;

    @Option(names = "--tags", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "content features: each item vector adds a learned embedding of the item's tags (HetRec:"
                    + " user_taggedartists.dat without the held-out pairs; database: the catalogue's tags);"
                    + " default ${DEFAULT-VALUE}")
    boolean tags;

    @Option(names = "--tags-per-item", defaultValue = "20", description = "strongest tags kept per item; default ${DEFAULT-VALUE}")
    int tagsPerItem;

    @Option(names = "--min-tag-items", defaultValue = "2",
            description = "a tag must be on at least this many items to be used; default ${DEFAULT-VALUE}")
    int minTagItems;

    @Option(names = "--average-epochs", split = ",", defaultValue = "3,5,10",
            description = "candidates k: the mean of the weights of the k best epochs (by validation NDCG@10) is tried"
                    + " for each, and the best is kept if it validates better than the best epoch alone; 1 = off;"
                    + " default ${DEFAULT-VALUE}")
    List<Integer> averageEpochs;

    /** The averaging candidates for {@link org.musicrec.recommender.ranking.AttentionTrainer#withAveragedEpochs}. */
    int[] averagedEpochs() {
        return averageEpochs.stream().mapToInt(Integer::intValue).toArray();
    }

    @Option(names = "--co-listening", defaultValue = "20",
            description = "content features: each item vector also adds learned embeddings of the items most played by"
                    + " the same listeners, this many per item (HetRec: user_artists.dat without the held-out pairs,"
                    + " plus the training histories; database: the training histories); 0 = off; default ${DEFAULT-VALUE}")
    int coListening;

    @Option(names = "--co-listening-shrinkage", defaultValue = "5",
            description = "co-listening weight = shared listeners / (sqrt(listeners(a) * listeners(b)) + this);"
                    + " default ${DEFAULT-VALUE}")
    double coListeningShrinkage;

    /**
     * Tag features and co-listening features side by side ({@link ItemFeatures#concat}); either part may be
     * missing (off, or no data); null when both are.
     *
     * @param plays user → item ids played (order ignored), or null
     */
    ItemFeatures features(ItemVocabulary vocabulary, Map<String, Map<String, Integer>> tagCounts,
                          Map<String, Set<String>> plays) {
        ItemFeatures tagFeatures = features(vocabulary, tagCounts);
        if (coListening <= 0 || plays == null || plays.isEmpty()) {
            return tagFeatures;
        }
        ItemFeatures neighbours = ItemFeatures.fromWeights(vocabulary,
                CoListening.neighbours(plays, vocabulary, coListening, coListeningShrinkage), coListening, 2);
        if (neighbours.tags().isEmpty()) {
            return tagFeatures;
        }
        return tagFeatures == null ? neighbours : ItemFeatures.concat(tagFeatures, neighbours);
    }

    /** The item features from raw tag counts, or null when tags are off or there are none. */
    ItemFeatures features(ItemVocabulary vocabulary, Map<String, Map<String, Integer>> counts) {
        if (!tags || counts == null || counts.isEmpty()) {
            return null;
        }
        ItemFeatures features = ItemFeatures.fromTagCounts(vocabulary, counts, tagsPerItem, minTagItems);
        return features.tags().isEmpty() ? null : features;
    }

    AttentionConfig config() {
        AttentionConfig d = AttentionConfig.defaults();
        return new AttentionConfig(
                maxLength != null ? maxLength : d.maxLength(),
                hidden != null ? hidden : d.hiddenSize(),
                blocks != null ? blocks : d.blocks(),
                heads != null ? heads : d.heads(),
                dropout != null ? dropout : d.dropout(),
                learningRate != null ? learningRate : d.learningRate(),
                batchSize != null ? batchSize : d.batchSize(),
                epochs != null ? epochs : d.maxEpochs(),
                patience != null ? patience : d.patience(),
                sampledNegatives != null ? sampledNegatives : d.negativeSamples(),
                seed != null ? seed : d.seed(),
                idDropout != null ? idDropout : d.idDropout());
    }
}
