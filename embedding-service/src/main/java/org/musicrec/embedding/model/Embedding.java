package org.musicrec.embedding.model;

/** A unit-length track vector and the model version that produced it. */
public record Embedding(float[] vector, String modelVersion) {

    public Embedding {
        if (vector == null || vector.length == 0) throw new IllegalArgumentException("embedding vector is empty");
        for (float v : vector) {
            if (!Float.isFinite(v)) throw new IllegalArgumentException("embedding vector holds a non-finite value");
        }
        if (modelVersion == null || modelVersion.isBlank()) throw new IllegalArgumentException("model version is blank");
    }

    /** Cosine similarity; both vectors are unit length, so this is their dot product. */
    public double cosine(Embedding other) {
        return Vectors.dot(vector, other.vector);
    }
}
