package org.musicrec.recommender.catalog;

import java.util.List;
import java.util.Locale;

/** What the recommender knows of a catalogue track: enough to filter, diversify and label. */
public record CatalogTrack(String trackId, String title, String artist, List<String> tags) {

    public CatalogTrack {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** True when one of the tags equals {@code tag}, ignoring case. */
    public boolean hasTag(String tag) {
        String wanted = tag.toLowerCase(Locale.ROOT);
        return tags.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(wanted));
    }
}
