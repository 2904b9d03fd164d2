package org.musicrec.recommender.ranking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maps item ids to the dense 1-based indexes the model uses; index 0 is padding. */
public final class ItemVocabulary {

    private final List<String> ids;
    private final Map<String, Integer> indexes;

    private ItemVocabulary(List<String> ids) {
        this.ids = List.copyOf(ids);
        this.indexes = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < this.ids.size(); i++) {
            if (indexes.putIfAbsent(this.ids.get(i), i + 1) != null) {
                throw new IllegalArgumentException("item id " + this.ids.get(i) + " occurs twice");
            }
        }
    }

    /** A vocabulary whose item index n is {@code ids.get(n - 1)}. */
    public static ItemVocabulary of(List<String> ids) {
        return new ItemVocabulary(ids);
    }

    /** Builds a vocabulary incrementally, in first-seen order. */
    public static Builder builder() {
        return new Builder();
    }

    /** The index of this id, or 0 when the id is unknown. */
    public int indexOf(String id) {
        Integer index = indexes.get(id);
        return index == null ? 0 : index;
    }

    public String idAt(int index) {
        return ids.get(index - 1);
    }

    /** Number of items, not counting padding. */
    public int size() {
        return ids.size();
    }

    public List<String> ids() {
        return Collections.unmodifiableList(ids);
    }

    /** Collects ids in first-seen order. */
    public static final class Builder {
        private final List<String> ids = new ArrayList<>();
        private final Map<String, Integer> indexes = new HashMap<>();

        public int add(String id) {
            return indexes.computeIfAbsent(id, k -> {
                ids.add(k);
                return ids.size();
            });
        }

        public ItemVocabulary build() {
            return new ItemVocabulary(ids);
        }
    }
}
