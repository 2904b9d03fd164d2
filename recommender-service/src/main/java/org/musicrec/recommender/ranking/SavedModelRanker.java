package org.musicrec.recommender.ranking;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;

/**
 * Serves an exported attention model: scores the catalogue for a history, hands candidates to the
 * filter best first, and explains each pick by the history track with the largest attention x similarity
 * to it (item vectors from the export).
 * Refuses a directory that is not a complete model of the current format.
 */
public final class SavedModelRanker implements Ranker, AutoCloseable {

    private final SavedModelBundle bundle;
    private final AttentionScorer scorer;
    private final ItemVocabulary vocabulary;
    private final String version;
    private final float[] itemVectors;
    private final int width;

    private SavedModelRanker(SavedModelBundle bundle, AttentionScorer scorer, ItemVocabulary vocabulary,
                             String version, float[] itemVectors, int width) {
        this.bundle = bundle;
        this.scorer = scorer;
        this.vocabulary = vocabulary;
        this.version = version;
        this.itemVectors = itemVectors;
        this.width = width;
    }

    /**
     * Loads and checks a model directory written by {@link AttentionModelExporter}.
     *
     * @throws IncompatibleModelException when anything is missing, unreadable or of another format
     */
    public static SavedModelRanker load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IncompatibleModelException("model directory " + dir + " does not exist");
        }
        Properties manifest = readManifest(dir);
        String format = manifest.getProperty("format");
        if (!Integer.toString(RankerSignature.FORMAT_VERSION).equals(format)) {
            throw new IncompatibleModelException("model " + dir + " has format " + format + ", this ranker reads "
                    + RankerSignature.FORMAT_VERSION);
        }
        String version = required(manifest, "version", dir);
        int maxLength = positive(manifest, "maxLength", dir);
        int items = positive(manifest, "items", dir);
        ItemVocabulary vocabulary = readItems(dir, items);
        int width = manifest.getProperty("hiddenSize") == null ? 0 : positive(manifest, "hiddenSize", dir);
        float[] itemVectors = width == 0 ? null : readItemVectors(dir, items, width);

        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
        } catch (RuntimeException e) {
            throw new IncompatibleModelException("model " + dir + " is not a readable SavedModel: " + e.getMessage(), e);
        }
        try {
            SessionFunction function = function(bundle, dir);
            AttentionScorer scorer = new AttentionScorer(function, maxLength, items);
            float[][] probe = scorer.score(new int[][] {{1}});
            if (probe[0].length != items + 1) {
                throw new IncompatibleModelException("model " + dir + " scores " + (probe[0].length - 1)
                        + " items but lists " + items);
            }
            return new SavedModelRanker(bundle, scorer, vocabulary, version, itemVectors, width);
        } catch (IncompatibleModelException e) {
            bundle.close();
            throw e;
        } catch (RuntimeException e) {
            bundle.close();
            throw new IncompatibleModelException("model " + dir + " cannot be run: " + e.getMessage(), e);
        }
    }

    private static SessionFunction function(SavedModelBundle bundle, Path dir) {
        Signature signature = bundle.signatures().stream()
                .filter(s -> s.key().equals(RankerSignature.KEY)).findFirst()
                .orElseThrow(() -> new IncompatibleModelException("model " + dir + " has no signature "
                        + RankerSignature.KEY));
        if (!signature.inputNames().contains(RankerSignature.HISTORY)
                || !signature.outputNames().containsAll(List.of(RankerSignature.SCORES, RankerSignature.ATTENTION))) {
            throw new IncompatibleModelException("model " + dir + " signature " + RankerSignature.KEY
                    + " lacks " + RankerSignature.HISTORY + " -> " + RankerSignature.SCORES + ", "
                    + RankerSignature.ATTENTION);
        }
        return bundle.function(RankerSignature.KEY);
    }

    private static Properties readManifest(Path dir) {
        Path file = dir.resolve(RankerSignature.MANIFEST_FILE);
        Properties manifest = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            manifest.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IncompatibleModelException("model " + dir + " has no readable " + RankerSignature.MANIFEST_FILE, e);
        }
        return manifest;
    }

    private static String required(Properties manifest, String key, Path dir) {
        String value = manifest.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IncompatibleModelException("model " + dir + " manifest lacks " + key);
        }
        return value;
    }

    private static int positive(Properties manifest, String key, Path dir) {
        try {
            int value = Integer.parseInt(required(manifest, key, dir));
            if (value < 1) {
                throw new NumberFormatException(key + " < 1");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IncompatibleModelException("model " + dir + " manifest has a bad " + key, e);
        }
    }

    private static ItemVocabulary readItems(Path dir, int items) {
        List<String> ids;
        try {
            ids = Files.readAllLines(dir.resolve(RankerSignature.ITEMS_FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IncompatibleModelException("model " + dir + " has no readable " + RankerSignature.ITEMS_FILE, e);
        }
        if (ids.size() != items) {
            throw new IncompatibleModelException("model " + dir + " lists " + ids.size() + " item ids, manifest says "
                    + items);
        }
        try {
            return ItemVocabulary.of(ids);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleModelException("model " + dir + " item ids are invalid: " + e.getMessage(), e);
        }
    }

    /** The item vectors side file, or null when the model has none (explanations fall back to attention only). */
    private static float[] readItemVectors(Path dir, int items, int width) {
        Path file = dir.resolve(RankerSignature.ITEM_VECTORS_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IncompatibleModelException("model " + dir + " has an unreadable " + RankerSignature.ITEM_VECTORS_FILE, e);
        }
        long expected = (items + 1L) * width * Float.BYTES;
        if (bytes.length != expected) {
            throw new IncompatibleModelException("model " + dir + " " + RankerSignature.ITEM_VECTORS_FILE + " has "
                    + bytes.length + " bytes, expected " + expected + " for " + items + " items of width " + width);
        }
        float[] vectors = new float[(items + 1) * width];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vectors);
        return vectors;
    }

    @Override
    public List<ScoredTrack> rank(List<String> historyOldestFirst, int limit, Predicate<String> candidateFilter) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        List<String> known = new ArrayList<>(historyOldestFirst.size());
        for (String id : historyOldestFirst) {
            if (vocabulary.indexOf(id) > 0) {
                known.add(id);
            }
        }
        if (known.isEmpty() || limit == 0) {
            return List.of();
        }
        int[] history = known.stream().mapToInt(vocabulary::indexOf).toArray();
        AttentionScorer.Scored scored = scorer.scoreWithAttention(history);
        int mostAttended = argMax(scored.attention());
        float[] scores = scored.scores();
        long[] order = descending(scores);
        List<ScoredTrack> ranked = new ArrayList<>(limit);
        for (int i = 0; i < order.length && ranked.size() < limit; i++) {
            int index = (int) order[i];
            String id = vocabulary.idAt(index);
            if (candidateFilter.test(id)) {
                ranked.add(new ScoredTrack(id, scores[index], known.get(explain(index, history, scored.attention(),
                        mostAttended))));
            }
        }
        return ranked;
    }

    /** Item indexes 1..n sorted by descending score, ties by index, via one primitive sort. */
    static long[] descending(float[] scores) {
        long[] keys = new long[scores.length - 1];
        for (int index = 1; index < scores.length; index++) {
            int bits = Float.floatToIntBits(scores[index]);
            // an int that orders like the float, inverted so that an ascending sort puts the best first
            int sortable = bits >= 0 ? bits : bits ^ 0x7fffffff;
            keys[index - 1] = ((long) ~sortable << 32) | index;
        }
        Arrays.sort(keys);
        for (int i = 0; i < keys.length; i++) {
            keys[i] &= 0xffffffffL;
        }
        return keys;
    }

    /**
     * Which history entry contributed most to this candidate: the largest attention x cosine(history track,
     * candidate) over the item vectors the model scores with. Without item vectors, or when no attended
     * track is similar at all, the most attended history track.
     */
    private int explain(int candidate, int[] history, float[] attention, int mostAttended) {
        if (itemVectors == null) {
            return mostAttended;
        }
        double candidateNorm = norm(candidate);
        int best = mostAttended;
        double bestContribution = 0;
        for (int h = 0; h < history.length; h++) {
            if (attention[h] <= 0f) {
                continue;
            }
            double dot = 0;
            int a = history[h] * width;
            int b = candidate * width;
            for (int d = 0; d < width; d++) {
                dot += itemVectors[a + d] * itemVectors[b + d];
            }
            double contribution = attention[h] * dot / (norm(history[h]) * candidateNorm + 1e-12);
            if (contribution > bestContribution) {
                bestContribution = contribution;
                best = h;
            }
        }
        return best;
    }

    private double norm(int item) {
        double sum = 0;
        for (int d = 0; d < width; d++) {
            float v = itemVectors[item * width + d];
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public boolean knows(String trackId) {
        return vocabulary.indexOf(trackId) > 0;
    }

    @Override
    public String modelVersion() {
        return version;
    }

    /** Number of catalogue items the model can rank. */
    public int itemCount() {
        return vocabulary.size();
    }

    @Override
    public void close() {
        bundle.close();
    }
}
