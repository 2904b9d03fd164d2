package org.musicrec.recommender.ranking;

/** The one place that names the exported ranker's signature, tensors and side files. */
public final class RankerSignature {

    /** Signature key of the inference function in the SavedModel. */
    public static final String KEY = "rank_items";
    /** Input: int32 [batch, maxLength] item indexes, left-padded with 0, most recent last. */
    public static final String HISTORY = "history";
    /** Output: float32 [batch, items + 1] score per item index; index 0 is padding. */
    public static final String SCORES = "scores";
    /** Output: float32 [batch, maxLength] attention of the last position over the history. */
    public static final String ATTENTION = "attention";

    /** Bumped whenever the signature or the side files change incompatibly. */
    public static final int FORMAT_VERSION = 1;
    /** Properties file next to the SavedModel: format, version, maxLength, items. */
    public static final String MANIFEST_FILE = "musicrec-ranker.properties";
    /** Item ids, one per line; line n holds the id of item index n (1-based). */
    public static final String ITEMS_FILE = "items.txt";

    /**
     * Item vectors, float32 little-endian {@code [items + 1, hiddenSize]} (row 0 padding): the vectors the model
     * scores against, used to explain each recommendation by the most similar attended history track.
     * Optional: without it every item of one answer is explained by the most attended history track.
     */
    public static final String ITEM_VECTORS_FILE = "item-vectors.f32";

    private RankerSignature() {
    }
}
