package org.musicrec.embedding.model;

import java.util.List;

/**
 * Turns a track's metadata (and its audio embedding, when there is one) into one L2-normalised vector that carries
 * listening signal: tracks listened to by the same people end up close. Implementations are thread-safe.
 */
public interface TrackEncoder extends AutoCloseable {

    Embedding encode(TrackFeatures track);

    /** Encodes many tracks in batches; the result is in the order of the input. */
    List<Embedding> encodeAll(List<TrackFeatures> tracks);

    String modelVersion();

    /**
     * Whether the audio input changes the vector. A model trained on tracks without audio (HetRec has none) keeps its
     * audio path at zero: then a track's vector is its metadata alone, and it must not claim audio as a source.
     */
    default boolean usesAudio() {
        return true;
    }

    default int dimension() {
        return TrackModelSpec.EMBEDDING_DIM;
    }

    @Override
    void close();
}
