package org.musicrec.events;

import java.time.Instant;
import java.util.List;

/**
 * A track's current vector, published on the {@code track-embeddings} topic (keyed by trackId) whenever it is
 * computed, so the recommender can place new tracks without a restart.
 *
 * @param modelVersion the encoder version that produced the vector
 * @param vector       unit-length track vector
 * @param sources      what the vector was computed from: {@code audio}, {@code metadata}
 */
public record TrackEmbedded(String trackId, String modelVersion, float[] vector, List<String> sources,
                            Instant updatedAt) {

    public TrackEmbedded {
        if (trackId == null || !ListeningEvent.ID_PATTERN.matcher(trackId).matches()) {
            throw new IllegalArgumentException("trackId: must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        if (modelVersion == null || modelVersion.isBlank()) {
            throw new IllegalArgumentException("modelVersion: is required");
        }
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException("vector: is required");
        }
        if (updatedAt == null) {
            throw new IllegalArgumentException("updatedAt: is required");
        }
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}
