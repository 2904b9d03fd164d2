package org.musicrec.embedding.model;

import org.musicrec.embedding.audio.Pcm;

/**
 * Turns decoded audio into one L2-normalised vector: the mean of the embeddings of crops spread over the whole
 * signal, re-normalised. Implementations are thread-safe.
 */
public interface AudioEncoder extends AutoCloseable {

    /** @throws IllegalArgumentException when the PCM is not at {@link AudioModelSpec#SAMPLE_RATE} or is empty */
    Embedding embed(Pcm pcm);

    String modelVersion();

    default int dimension() {
        return AudioModelSpec.EMBEDDING_DIM;
    }

    @Override
    void close();
}
