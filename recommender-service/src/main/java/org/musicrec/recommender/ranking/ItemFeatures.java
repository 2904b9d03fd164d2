package org.musicrec.recommender.ranking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Content features of the catalogue for the ranker: each item's strongest tags with TF-IDF weights. The
 * network adds a learned tag embedding, weighted by these, to every item's id embedding, so that rare items
 * borrow strength from items that share their tags and an item never seen in training still has a
 * meaningful vector.
 *
 * <p>Layout: {@code perItem} slots per item index (row 0 is padding); slot values are tag indexes in
 * {@code 1..tags.size()} (0 = empty slot, weight 0). Each item's weights have unit L2 norm (or are all 0 for
 * an item without tags).
 *
 * @param tags       tag names; tag index n is {@code tags.get(n - 1)}
 * @param perItem    tag slots per item
 * @param tagIndexes flat {@code [items + 1, perItem]}
 * @param tagWeights flat {@code [items + 1, perItem]}
 */
public record ItemFeatures(List<String> tags, int perItem, int[] tagIndexes, float[] tagWeights) {

    public ItemFeatures {
        tags = List.copyOf(tags);
        if (perItem < 1) {
            throw new IllegalArgumentException("perItem must be at least 1");
        }
        if (tagIndexes.length != tagWeights.length || tagIndexes.length % perItem != 0 || tagIndexes.length == 0) {
            throw new IllegalArgumentException("tag indexes and weights must both be [items + 1, perItem]");
        }
        for (int index : tagIndexes) {
            if (index < 0 || index > tags.size()) {
                throw new IllegalArgumentException("tag index " + index + " outside 0.." + tags.size());
            }
        }
    }

    /** Number of items (not counting padding) these features describe. */
    public int itemCount() {
        return tagIndexes.length / perItem - 1;
    }

    /** Whether the item (index 1..itemCount) has at least one tag. */
    public boolean hasTags(int item) {
        for (int k = 0; k < perItem; k++) {
            if (tagWeights[item * perItem + k] > 0f) {
                return true;
            }
        }
        return false;
    }

    /** Number of items with at least one tag. */
    public int itemsWithTags() {
        int n = 0;
        for (int item = 1; item <= itemCount(); item++) {
            if (hasTags(item)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Builds the features from raw tag counts per item id.
     *
     * <p>Weight of tag t on item i: {@code ln(1 + count) * (1 + ln((items + 1) / (itemsWithT + 1)))} (smoothed
     * IDF: a tag on every item still counts a little), the item's
     * {@code perItem} largest kept, L2-normalised. Tags on fewer than {@code minItems} items are dropped (they
     * cannot relate two items).
     *
     * @param tagCounts per item id, tag name → how often it was given (items missing here have no tags)
     */
    public static ItemFeatures fromTagCounts(ItemVocabulary vocabulary, Map<String, Map<String, Integer>> tagCounts,
                                             int perItem, int minItems) {
        int items = vocabulary.size();
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (int item = 1; item <= items; item++) {
            Map<String, Integer> counts = tagCounts.get(vocabulary.idAt(item));
            if (counts != null) {
                counts.forEach((tag, count) -> {
                    if (count > 0) {
                        documentFrequency.merge(tag, 1, Integer::sum);
                    }
                });
            }
        }
        Map<String, Map<String, Double>> weighted = new HashMap<>();
        for (int item = 1; item <= items; item++) {
            Map<String, Integer> counts = tagCounts.get(vocabulary.idAt(item));
            if (counts == null) {
                continue;
            }
            Map<String, Double> itemWeights = new HashMap<>();
            counts.forEach((tag, count) -> {
                if (count > 0 && documentFrequency.get(tag) >= minItems) {
                    double idf = 1 + Math.log((items + 1.0) / (documentFrequency.get(tag) + 1.0));
                    itemWeights.put(tag, Math.log1p(count) * idf);
                }
            });
            weighted.put(vocabulary.idAt(item), itemWeights);
        }
        return fromWeights(vocabulary, weighted, perItem, 1);
    }

    /**
     * Builds features from given weights: per item id, feature name → weight (only positive weights count). Each
     * item keeps its {@code perItem} largest, L2-normalised; features with a positive weight on fewer than
     * {@code minItems} items are dropped first (they cannot relate two items). Feature indexes follow the number of items
     * that use a feature (most used first), ties by name, so the layout is deterministic.
     */
    public static ItemFeatures fromWeights(ItemVocabulary vocabulary, Map<String, Map<String, Double>> weights,
                                           int perItem, int minItems) {
        int items = vocabulary.size();
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (int item = 1; item <= items; item++) {
            Map<String, Double> itemWeights = weights.get(vocabulary.idAt(item));
            if (itemWeights != null) {
                itemWeights.forEach((feature, weight) -> {
                    if (weight > 0) {
                        documentFrequency.merge(feature, 1, Integer::sum);
                    }
                });
            }
        }
        List<String> names = new ArrayList<>();
        Map<String, Integer> featureIndex = new HashMap<>();
        documentFrequency.entrySet().stream()
                .filter(e -> e.getValue() >= minItems)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> {
                    names.add(e.getKey());
                    featureIndex.put(e.getKey(), names.size());
                });
        int[] indexes = new int[(items + 1) * perItem];
        float[] slotWeights = new float[(items + 1) * perItem];
        for (int item = 1; item <= items; item++) {
            Map<String, Double> itemWeights = weights.get(vocabulary.idAt(item));
            if (itemWeights == null) {
                continue;
            }
            List<Map.Entry<String, Double>> kept = new ArrayList<>();
            itemWeights.forEach((feature, weight) -> {
                if (weight > 0 && featureIndex.containsKey(feature)) {
                    kept.add(Map.entry(feature, weight));
                }
            });
            kept.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            int take = Math.min(perItem, kept.size());
            double norm = 0;
            for (int k = 0; k < take; k++) {
                norm += kept.get(k).getValue() * kept.get(k).getValue();
            }
            if (norm <= 0) {
                continue;
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < take; k++) {
                indexes[item * perItem + k] = featureIndex.get(kept.get(k).getKey());
                slotWeights[item * perItem + k] = (float) (kept.get(k).getValue() / norm);
            }
        }
        return new ItemFeatures(names, perItem, indexes, slotWeights);
    }

    /**
     * Both feature sets side by side (same items): the slots of {@code second} follow those of {@code first}, its
     * feature indexes shifted past {@code first}'s. Each part keeps its own unit norm, so neither drowns the other.
     */
    public static ItemFeatures concat(ItemFeatures first, ItemFeatures second) {
        if (first.itemCount() != second.itemCount()) {
            throw new IllegalArgumentException("feature sets describe " + first.itemCount() + " and "
                    + second.itemCount() + " items");
        }
        int rows = first.itemCount() + 1;
        int perItem = first.perItem + second.perItem;
        int offset = first.tags.size();
        int[] indexes = new int[rows * perItem];
        float[] weights = new float[rows * perItem];
        for (int row = 0; row < rows; row++) {
            for (int k = 0; k < first.perItem; k++) {
                indexes[row * perItem + k] = first.tagIndexes[row * first.perItem + k];
                weights[row * perItem + k] = first.tagWeights[row * first.perItem + k];
            }
            for (int k = 0; k < second.perItem; k++) {
                int index = second.tagIndexes[row * second.perItem + k];
                indexes[row * perItem + first.perItem + k] = index == 0 ? 0 : index + offset;
                weights[row * perItem + first.perItem + k] = second.tagWeights[row * second.perItem + k];
            }
        }
        List<String> names = new ArrayList<>(first.tags);
        names.addAll(second.tags);
        return new ItemFeatures(names, perItem, indexes, weights);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ItemFeatures that && perItem == that.perItem && tags.equals(that.tags)
                && Arrays.equals(tagIndexes, that.tagIndexes) && Arrays.equals(tagWeights, that.tagWeights);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * tags.hashCode() + Arrays.hashCode(tagIndexes)) + perItem;
    }

    @Override
    public String toString() {
        return "ItemFeatures[" + tags.size() + " tags, " + perItem + " per item, " + itemCount() + " items]";
    }
}
