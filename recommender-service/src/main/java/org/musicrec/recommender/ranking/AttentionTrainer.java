package org.musicrec.recommender.ranking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains the attention ranker on item-index sequences: next-item prediction at every position, softmax
 * cross-entropy over the full catalogue (or sampled negatives), Adam, early stopping on validation
 * NDCG@10 with the best epoch's weights kept.
 */
public final class AttentionTrainer {

    /** Receives each finished epoch, e.g. to print progress. */
    @FunctionalInterface
    public interface EpochListener {
        void onEpoch(EpochStats stats);
    }

    /** At most this many items of one day are targets of one position (a random subset: the day is shuffled). */
    static final int MAX_DAY_TARGETS = 32;

    private final AttentionConfig config;
    private final boolean dayTargets;
    private final boolean[] contentOnly;
    private final int[] averageCandidates;
    private final int averageTop;

    public AttentionTrainer(AttentionConfig config) {
        this(config, false);
    }

    /**
     * @param dayTargets with groups: every position predicts all items of the next item's group that are
     *                   still to come (equal weights), rather than the one that the recorded order happens
     *                   to put next — the expected target when the order inside a group is unknown
     */
    public AttentionTrainer(AttentionConfig config, boolean dayTargets) {
        this(config, dayTargets, null);
    }

    private AttentionTrainer(AttentionConfig config, boolean dayTargets, boolean[] contentOnly) {
        this(config, dayTargets, contentOnly, new int[] {1});
    }

    private AttentionTrainer(AttentionConfig config, boolean dayTargets, boolean[] contentOnly,
                             int[] averageCandidates) {
        if (dayTargets && config.negativeSamples() > 0) {
            throw new IllegalArgumentException("day targets need the full softmax (negativeSamples 0)");
        }
        this.config = config;
        this.dayTargets = dayTargets;
        this.contentOnly = contentOnly;
        this.averageCandidates = averageCandidates.clone();
        this.averageTop = java.util.Arrays.stream(averageCandidates).max().orElse(1);
    }

    /**
     * A trainer that also tries, for each k in {@code candidates}, the mean of the weights of the k best epochs (by
     * validation NDCG@10), and keeps the one that validates best if it beats the best epoch alone: a cheap ensemble
     * of one training run, which smooths the epoch-to-epoch noise of a small data set. {1} = off.
     */
    public AttentionTrainer withAveragedEpochs(int... candidates) {
        if (candidates.length == 0 || java.util.Arrays.stream(candidates).anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("averaged epochs: at least one candidate, each at least 1");
        }
        return new AttentionTrainer(config, dayTargets, contentOnly, candidates);
    }


    /**
     * A trainer that treats the given items as tracks the model never sees (cold start): their id embeddings
     * stay zero, so their vectors are their content (tag) features alone, and they are left out of the training
     * softmax, so nothing is learned about them from their absence. Needs content features and the full softmax.
     *
     * @param items per item index (0 = padding) whether it is content-only
     */
    public AttentionTrainer withContentOnlyItems(boolean[] items) {
        if (config.negativeSamples() > 0) {
            throw new IllegalArgumentException("content-only items need the full softmax (negativeSamples 0)");
        }
        return new AttentionTrainer(config, dayTargets, items.clone(), averageCandidates);
    }

    /**
     * @param sequences  training sequences of item indexes in 1..itemCount, oldest first
     * @param itemCount  catalogue size (not counting padding)
     * @param validation validation NDCG@10 of a scorer (higher is better); drives early stopping
     * @param listener   called after every epoch
     */
    public AttentionModel train(int[][] sequences, int itemCount, ToDoubleFunction<ItemScorer> validation,
                                EpochListener listener) {
        return train(sequences, null, itemCount, validation, listener);
    }

    /**
     * As {@link #train(int[][], int, ToDoubleFunction, EpochListener)}, with the order inside groups of
     * items treated as unknown: every epoch sees the items of each group (for example the artists first
     * tagged on one day) in a fresh random order, so the model cannot learn an order the data does not have.
     *
     * @param groups per sequence a non-decreasing group key per item (equal keys = one group), or null
     */
    public AttentionModel train(int[][] sequences, int[][] groups, int itemCount,
                                ToDoubleFunction<ItemScorer> validation, EpochListener listener) {
        return train(sequences, groups, itemCount, null, validation, listener);
    }

    /**
     * As {@link #train(int[][], int[][], int, ToDoubleFunction, EpochListener)}, with content features: every
     * item vector is its id embedding plus a learned embedding of its tags.
     *
     * @param features tags per item index, or null for id embeddings only
     */
    public AttentionModel train(int[][] sequences, int[][] groups, int itemCount, ItemFeatures features,
                                ToDoubleFunction<ItemScorer> validation, EpochListener listener) {
        if (groups != null) {
            checkGroups(sequences, groups);
        }
        if (contentOnly != null && (features == null || contentOnly.length != itemCount + 1)) {
            throw new IllegalArgumentException("content-only items need content features and one flag per item index");
        }
        if (windows(sequences, config.maxLength()).isEmpty()) {
            throw new IllegalArgumentException("no sequence has two items to learn from");
        }
        try (Graph graph = new Graph()) {
            TrainingGraph model = new TrainingGraph(graph, itemCount, features);
            try (Session session = new Session(graph)) {
                session.initialize();
                return loop(session, model, sequences, groups, itemCount, features, validation, listener);
            }
        }
    }

    private static void checkGroups(int[][] sequences, int[][] groups) {
        if (groups.length != sequences.length) {
            throw new IllegalArgumentException("one group row per sequence is required");
        }
        for (int u = 0; u < sequences.length; u++) {
            if (groups[u].length != sequences[u].length) {
                throw new IllegalArgumentException("sequence " + u + " has " + sequences[u].length + " items but "
                        + groups[u].length + " group keys");
            }
        }
    }

    /** A copy of the sequences with the items of every run of equal group keys randomly permuted. */
    public static int[][] shuffledWithinGroups(int[][] sequences, int[][] groups, Random random) {
        int[][] shuffled = new int[sequences.length][];
        for (int u = 0; u < sequences.length; u++) {
            int[] sequence = sequences[u].clone();
            int[] keys = groups[u];
            for (int start = 0; start < sequence.length; ) {
                int end = start + 1;
                while (end < sequence.length && keys[end] == keys[start]) {
                    end++;
                }
                for (int i = end - 1; i > start; i--) {
                    int j = start + random.nextInt(i - start + 1);
                    int swap = sequence[i];
                    sequence[i] = sequence[j];
                    sequence[j] = swap;
                }
                start = end;
            }
            shuffled[u] = sequence;
        }
        return shuffled;
    }

    private AttentionModel loop(Session session, TrainingGraph model, int[][] sequences, int[][] groups,
                                int itemCount, ItemFeatures features, ToDoubleFunction<ItemScorer> validation,
                                EpochListener listener) {
        Random random = new Random(config.seed());
        List<Window> windows = windows(sequences, dayTargets ? groups : null, config.maxLength());
        List<EpochStats> epochs = new ArrayList<>();
        Map<String, AttentionModel.Weight> best = null;
        double bestNdcg = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        ItemScorer scorer = histories -> model.score(session, histories);
        List<Ranked> top = new ArrayList<>();
        for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
            long start = System.nanoTime();
            if (groups != null) {
                windows = windows(shuffledWithinGroups(sequences, groups, random), dayTargets ? groups : null,
                        config.maxLength());
            }
            java.util.Collections.shuffle(windows, random);
            double lossSum = 0;
            long predicted = 0;
            for (int from = 0; from < windows.size(); from += config.batchSize()) {
                List<Window> batch = windows.subList(from, Math.min(windows.size(), from + config.batchSize()));
                Step step = Step.of(batch, config.maxLength());
                lossSum += model.step(session, step, random) * step.targets.length;
                predicted += step.targets.length;
            }
            double ndcg = validation.applyAsDouble(scorer);
            EpochStats stats = new EpochStats(epoch, lossSum / predicted, ndcg, (System.nanoTime() - start) / 1e9);
            epochs.add(stats);
            listener.onEpoch(stats);
            if (averageTop > 1 && (top.size() < averageTop || ndcg > top.get(top.size() - 1).ndcg())) {
                top.add(new Ranked(epoch, ndcg, ndcg > bestNdcg ? null : model.snapshot(session)));
                top.sort(java.util.Comparator.comparingDouble(Ranked::ndcg).reversed());
                if (top.size() > averageTop) {
                    top.remove(top.size() - 1);
                }
            }
            if (ndcg > bestNdcg) {
                bestNdcg = ndcg;
                bestEpoch = epoch;
                best = model.snapshot(session);
                final Map<String, AttentionModel.Weight> bestWeights = best;
                top.replaceAll(r -> r.weights() == null ? new Ranked(r.epoch(), r.ndcg(), bestWeights) : r);
            } else if (epoch - bestEpoch >= config.patience()) {
                break;
            }
        }
        AttentionModel chosen = new AttentionModel(config, itemCount, best, epochs, bestEpoch, null, 0f, features);
        double chosenNdcg = bestNdcg;
        // the mean of the k best epochs' weights (one trajectory, so they average well), for each candidate k; one is
        // kept only when it beats the best single epoch (and the other means) on validation
        for (int k : averageCandidates) {
            if (k < 2 || k > top.size()) {
                continue;
            }
            List<Ranked> kBest = top.subList(0, k);
            AttentionModel averaged = new AttentionModel(config, itemCount, mean(kBest), epochs, bestEpoch, null, 0f,
                    features, kBest.stream().map(Ranked::epoch).toList(), Double.NaN);
            double ndcg;
            try (AttentionScorer averagedScorer = averaged.openScorer()) {
                ndcg = validation.applyAsDouble(averagedScorer);
            }
            if (ndcg > chosenNdcg) {
                chosenNdcg = ndcg;
                chosen = new AttentionModel(config, itemCount, averaged.weights(), epochs, bestEpoch, null, 0f,
                        features, averaged.averagedEpochs(), ndcg);
            }
        }
        return chosen;
    }


    /** An epoch's validation NDCG@10 and its weights. */
    private record Ranked(int epoch, double ndcg, Map<String, AttentionModel.Weight> weights) {
    }

    private static Map<String, AttentionModel.Weight> mean(List<Ranked> ranked) {
        Map<String, AttentionModel.Weight> mean = new LinkedHashMap<>();
        for (String name : ranked.get(0).weights().keySet()) {
            float[] sum = new float[ranked.get(0).weights().get(name).values().length];
            for (Ranked r : ranked) {
                float[] values = r.weights().get(name).values();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += values[i];
                }
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= ranked.size();
            }
            mean.put(name, new AttentionModel.Weight(ranked.get(0).weights().get(name).shape(), sum));
        }
        return mean;
    }

    /**
     * Cuts each sequence into windows of at most maxLength + 1 items, newest first, so that every item
     * after the first is a target exactly once even in histories longer than the model's window.
     */
    static List<int[]> windows(int[][] sequences, int maxLength) {
        List<int[]> windows = new ArrayList<>();
        for (int[] sequence : sequences) {
            for (int end = sequence.length; end > 1; end -= maxLength) {
                int start = Math.max(0, end - maxLength - 1);
                windows.add(java.util.Arrays.copyOfRange(sequence, start, end));
            }
        }
        return windows;
    }

    /**
     * A training window: items, and the group key of each (null: every target is the next item only).
     */
    record Window(int[] items, int[] keys) {
    }

    /** As {@link #windows(int[][], int)}, keeping each window's group keys (groups may be null). */
    static List<Window> windows(int[][] sequences, int[][] groups, int maxLength) {
        List<Window> windows = new ArrayList<>();
        for (int u = 0; u < sequences.length; u++) {
            int[] sequence = sequences[u];
            for (int end = sequence.length; end > 1; end -= maxLength) {
                int start = Math.max(0, end - maxLength - 1);
                windows.add(new Window(java.util.Arrays.copyOfRange(sequence, start, end),
                        groups == null ? null : java.util.Arrays.copyOfRange(groups[u], start, end)));
            }
        }
        return windows;
    }

    /**
     * One batch: padded inputs; for every real input position its flat index and next item; and the soft
     * label of each position as (position, item, weight) triples whose weights sum to 1 per position.
     */
    record Step(int rows, int[] history, int[] positions, int[] targets, int[] labelIndices, float[] labelWeights) {
        static Step of(List<Window> windows, int maxLength) {
            int[] history = new int[windows.size() * maxLength];
            int total = 0;
            for (Window window : windows) {
                total += window.items().length - 1;
            }
            int[] positions = new int[total];
            int[] targets = new int[total];
            List<int[]> labels = new ArrayList<>(total);
            List<Float> weights = new ArrayList<>(total);
            int n = 0;
            for (int row = 0; row < windows.size(); row++) {
                int[] window = windows.get(row).items();
                int[] keys = windows.get(row).keys();
                int inputs = window.length - 1;
                int offset = row * maxLength + maxLength - inputs;
                for (int i = 0; i < inputs; i++) {
                    history[offset + i] = window[i];
                    positions[n] = offset + i;
                    targets[n] = window[i + 1];
                    int next = i + 1;
                    int to = next + 1;
                    if (keys != null) {
                        while (to < window.length && keys[to] == keys[next] && to - next < MAX_DAY_TARGETS) {
                            to++;
                        }
                    }
                    float weight = 1f / (to - next);
                    for (int j = next; j < to; j++) {
                        labels.add(new int[] {n, window[j]});
                        weights.add(weight);
                    }
                    n++;
                }
            }
            int[] labelIndices = new int[labels.size() * 2];
            float[] labelWeights = new float[labels.size()];
            for (int k = 0; k < labels.size(); k++) {
                labelIndices[2 * k] = labels.get(k)[0];
                labelIndices[2 * k + 1] = labels.get(k)[1];
                labelWeights[k] = weights.get(k);
            }
            return new Step(windows.size(), history, positions, targets, labelIndices, labelWeights);
        }
    }

    /** The training graph: network, loss, optimizer, and the scoring op used for validation. */
    private final class TrainingGraph {
        private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
        private final Map<String, Shape> shapes = new LinkedHashMap<>();
        private final Placeholder<TInt32> history;
        private final Placeholder<TInt32> positions;
        private final Placeholder<TInt32> targets;
        private final Placeholder<TInt32> negatives;
        private final Placeholder<TInt32> labelIndices;
        private final Placeholder<TFloat32> labelWeights;
        private final PlaceholderWithDefault<TFloat32> dropoutRate;
        private final Operand<TFloat32> loss;
        private final Operand<TFloat32> scores;
        private final Op minimize;
        private final int itemCount;

        TrainingGraph(Graph graph, int itemCount, ItemFeatures features) {
            this.itemCount = itemCount;
            Ops tf = Ops.create(graph);
            Random init = new Random(config.seed());
            int length = config.maxLength();
            history = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, length)));
            positions = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            targets = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            negatives = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            labelIndices = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, 2)));
            labelWeights = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
            dropoutRate = tf.placeholderWithDefault(tf.constant(0f), Shape.scalar());
            AttentionNetwork.Outputs outputs = AttentionNetwork.build(tf, config, itemCount,
                    (name, shape, kind) -> {
                        float[] values = initialValues(shape, kind, init);
                        if (contentOnly != null && name.equals("item_embeddings")) {
                            // no id embedding: the item's vector is its content; no gradient ever reaches the row
                            int width = (int) shape.get(1);
                            for (int item = 0; item < contentOnly.length; item++) {
                                if (contentOnly[item]) {
                                    java.util.Arrays.fill(values, item * width, (item + 1) * width, 0f);
                                }
                            }
                        }
                        Variable<TFloat32> variable = tf.withName(name)
                                .variable(tf.constant(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(
                                        values, true, false)));
                        variables.put(name, variable);
                        shapes.put(name, shape);
                        return variable;
                    }, features, history, dropoutRate);
            Operand<TFloat32> picked = tf.gather(
                    tf.reshape(outputs.hidden(), tf.constant(new int[] {-1, config.hiddenSize()})),
                    positions, tf.constant(0));
            Operand<TFloat32> logits;
            Operand<TFloat32> labels;
            if (config.negativeSamples() == 0) {
                logits = tf.linalg.matMul(picked, outputs.items(), MatMul.transposeB(true));
                if (contentOnly != null) {
                    float[] excluded = new float[itemCount + 1];
                    for (int item = 0; item < excluded.length; item++) {
                        excluded[item] = contentOnly[item] ? -1e9f : 0f;
                    }
                    logits = tf.math.add(logits, tf.constant(excluded));
                }
                // soft labels (one item, or the rest of a day) scattered into [positions, items + 1]
                labels = tf.scatterNd(labelIndices, labelWeights,
                        tf.stack(List.of(tf.size(targets), tf.constant(itemCount + 1))));
            } else {
                Operand<TFloat32> positive = tf.reduceSum(
                        tf.math.mul(picked, tf.gather(outputs.items(), targets, tf.constant(0))),
                        tf.constant(1), ReduceSum.keepDims(true));
                Operand<TFloat32> negative = tf.linalg.matMul(picked,
                        tf.gather(outputs.items(), negatives, tf.constant(0)), MatMul.transposeB(true));
                logits = tf.concat(List.of(positive, negative), tf.constant(1));
                labels = tf.oneHot(tf.zerosLike(targets), tf.constant(config.negativeSamples() + 1),
                        tf.constant(1f), tf.constant(0f));
            }
            // dense softmax cross-entropy: the sparse op has no gradient registered in the C API
            loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0));
            scores = AttentionNetwork.itemScores(tf, outputs.last(), outputs.items());
            minimize = new Adam(graph, config.learningRate()).minimize(loss);
        }

        float step(Session session, Step step, Random random) {
            int[] sampled = new int[config.negativeSamples()];
            for (int i = 0; i < sampled.length; i++) {
                sampled[i] = 1 + random.nextInt(itemCount);
            }
            try (TInt32 historyTensor = Tensors.ints(Shape.of(step.rows, config.maxLength()), step.history);
                 TInt32 positionTensor = Tensors.ints(Shape.of(step.positions.length), step.positions);
                 TInt32 targetTensor = Tensors.ints(Shape.of(step.targets.length), step.targets);
                 TInt32 negativeTensor = Tensors.ints(Shape.of(sampled.length), sampled);
                 TInt32 labelIndexTensor = Tensors.ints(Shape.of(step.labelWeights.length, 2), step.labelIndices);
                 TFloat32 labelWeightTensor = Tensors.floats(Shape.of(step.labelWeights.length), step.labelWeights);
                 TFloat32 rate = TFloat32.scalarOf(config.dropout());
                 Result result = session.runner()
                         .feed(history, historyTensor).feed(positions, positionTensor).feed(targets, targetTensor)
                         .feed(negatives, negativeTensor).feed(dropoutRate, rate)
                         .feed(labelIndices, labelIndexTensor).feed(labelWeights, labelWeightTensor)
                         .addTarget(minimize).fetch(loss).run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        }

        float[][] score(Session session, int[][] histories) {
            try (TInt32 input = Tensors.ints(Shape.of(histories.length, config.maxLength()),
                    Tensors.leftPadded(histories, config.maxLength()));
                 Result result = session.runner().feed(history, input).fetch(scores).run()) {
                return Tensors.readRows((TFloat32) result.get(0));
            }
        }

        Map<String, AttentionModel.Weight> snapshot(Session session) {
            Map<String, AttentionModel.Weight> weights = new LinkedHashMap<>();
            Session.Runner runner = session.runner();
            List<String> names = new ArrayList<>(variables.keySet());
            names.forEach(name -> runner.fetch(variables.get(name)));
            try (Result result = runner.run()) {
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get(i);
                    weights.put(name, new AttentionModel.Weight(shapes.get(name), Tensors.read((TFloat32) result.get(i))));
                }
            }
            return weights;
        }
    }

    private float[] initialValues(Shape shape, AttentionNetwork.Init kind, Random random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        switch (kind) {
            case ONES -> java.util.Arrays.fill(values, 1f);
            case ZEROS -> { }
            case EMBEDDING -> {
                double std = 1.0 / Math.sqrt(config.hiddenSize());
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * std);
                }
            }
            case GLOROT -> {
                double limit = Math.sqrt(6.0 / (shape.get(0) + shape.get(1)));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
                }
            }
        }
        return values;
    }
}
