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
        return tagWeights[item * perItem] > 0f;
    }

    /** Number of items with at least one tag. */
    public int itemsWithTags() {
        int n = 0;
        for (int item = 1; item <= itemCount(); item++) {
            if (tagWeights[item * perItem] > 0f) {
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
        List<String> tags = new ArrayList<>();
        Map<String, Integer> tagIndex = new HashMap<>();
        documentFrequency.entrySet().stream()
                .filter(e -> e.getValue() >= minItems)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> {
                    tags.add(e.getKey());
                    tagIndex.put(e.getKey(), tags.size());
                });
        int[] indexes = new int[(items + 1) * perItem];
        float[] weights = new float[(items + 1) * perItem];
        for (int item = 1; item <= items; item++) {
            Map<String, Integer> counts = tagCounts.get(vocabulary.idAt(item));
            if (counts == null) {
                continue;
            }
            List<Map.Entry<String, Double>> weighted = new ArrayList<>();
            counts.forEach((tag, count) -> {
                if (count > 0 && tagIndex.containsKey(tag)) {
                    double idf = 1 + Math.log((items + 1.0) / (documentFrequency.get(tag) + 1.0));
                    weighted.add(Map.entry(tag, Math.log1p(count) * idf));
                }
            });
            weighted.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            int take = Math.min(perItem, weighted.size());
            double norm = 0;
            for (int k = 0; k < take; k++) {
                norm += weighted.get(k).getValue() * weighted.get(k).getValue();
            }
            if (norm <= 0) {
                continue;
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < take; k++) {
                indexes[item * perItem + k] = tagIndex.get(weighted.get(k).getKey());
                weights[item * perItem + k] = (float) (weighted.get(k).getValue() / norm);
            }
        }
        return new ItemFeatures(tags, perItem, indexes, weights);
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
