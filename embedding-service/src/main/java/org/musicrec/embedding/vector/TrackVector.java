package org.musicrec.embedding.vector;

import java.time.Instant;
import java.util.List;

/** A track's stored vector. */
public record TrackVector(String trackId, float[] vector, String modelVersion, List<String> sources,
                          Double audioSeconds, Instant updatedAt) {
}
