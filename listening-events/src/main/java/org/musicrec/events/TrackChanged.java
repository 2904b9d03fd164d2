package org.musicrec.events;

import java.time.Instant;
import java.util.List;

/**
 * A catalogue track as it is now, published on the {@code tracks} topic (keyed by trackId) each time the
 * catalogue stores it, so other services keep a read copy without calling the catalogue.
 */
public record TrackChanged(String trackId, String title, String artist, List<String> tags, Instant updatedAt) {

    public TrackChanged {
        if (trackId == null || !ListeningEvent.ID_PATTERN.matcher(trackId).matches()) {
            throw new IllegalArgumentException("trackId: must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title: is required");
        }
        if (artist == null || artist.isBlank()) {
            throw new IllegalArgumentException("artist: is required");
        }
        if (updatedAt == null) {
            throw new IllegalArgumentException("updatedAt: is required");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
