package org.musicrec.embedding.track;

import java.time.Instant;
import java.util.List;

/** A catalogue track as stored. */
public record Track(String trackId, String title, String artist, List<String> tags, Instant createdAt,
                    Instant updatedAt) {
    public Track {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
