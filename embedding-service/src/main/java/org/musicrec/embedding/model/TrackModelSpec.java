package org.musicrec.embedding.model;

/**
 * The one place for the track encoder's contract: feature hashing sizes, layer sizes, and the names of the exported
 * signature, its tensors and the manifest. Featurising, training, export, loading and serving all read these.
 */
public final class TrackModelSpec {

    private TrackModelSpec() {
    }

    /** Registry kind and manifest kind of the track encoder. */
    public static final String KIND = "track-encoder";
    /** Bumped whenever inputs, hashing or layer layout change; the loader refuses any other value. */
    public static final int FORMAT_VERSION = 1;
    /** Names the feature hashing in {@link TrackFeaturizer} (FNV-1a 32-bit over a namespaced, lower-cased token). */
    public static final String HASHING = "fnv1a32-v1";

    public static final int TAG_BUCKETS = 2048;
    public static final int ARTIST_BUCKETS = 2048;
    public static final int TITLE_BUCKETS = 1024;
    /** The audio input is the audio encoder's output. */
    public static final int AUDIO_DIM = AudioModelSpec.EMBEDDING_DIM;
    public static final int HIDDEN = 256;
    public static final int EMBEDDING_DIM = 128;

    public static final String SIGNATURE_KEY = "encode_track";
    /** [n, TAG_BUCKETS] float32: hashed tags, each of weight 1/sqrt(#tags). */
    public static final String INPUT_TAGS = "tags";
    /** [n, ARTIST_BUCKETS] float32: one-hot hashed artist (all zero when unknown). */
    public static final String INPUT_ARTIST = "artist";
    /** [n, TITLE_BUCKETS] float32: hashed title words, each of weight 1/sqrt(#words). */
    public static final String INPUT_TITLE = "title_words";
    /** [n, AUDIO_DIM] float32: the audio embedding, zeros when the track has no audio. */
    public static final String INPUT_AUDIO = "audio_embedding";
    /** [n, 1] float32: 1 when the audio input holds an embedding, else 0. */
    public static final String INPUT_HAS_AUDIO = "has_audio";
    /** [n, EMBEDDING_DIM] float32, each row L2-normalised. */
    public static final String OUTPUT_EMBEDDING = "track_embedding";

    public static final String MANIFEST_FILE = "musicrec-track-model.properties";
}
