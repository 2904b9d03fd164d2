package org.musicrec.embedding.model;

import java.util.List;

/**
 * What the track encoder sees of a track: its catalogue metadata and, when its audio was embedded, the audio
 * encoder's vector.
 *
 * @param audio the audio embedding ({@link TrackModelSpec#AUDIO_DIM} finite values), or null when the track has none
 */
public record TrackFeatures(String title, String artist, List<String> tags, float[] audio) {

    public TrackFeatures {
        title = title == null ? "" : title;
        artist = artist == null ? "" : artist;
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (audio != null) {
            if (audio.length != TrackModelSpec.AUDIO_DIM) {
                throw new IllegalArgumentException("audio embedding must hold " + TrackModelSpec.AUDIO_DIM + " values, got "
                        + audio.length);
            }
            for (float v : audio) {
                if (!Float.isFinite(v)) throw new IllegalArgumentException("audio embedding holds a non-finite value");
            }
        }
    }

    /** Metadata only. */
    public static TrackFeatures of(String title, String artist, List<String> tags) {
        return new TrackFeatures(title, artist, tags, null);
    }

    public boolean hasAudio() {
        return audio != null;
    }

    /** The same track seen through its tags alone (how a new track with no known artist arrives). */
    public TrackFeatures tagsOnly() {
        return new TrackFeatures("", "", tags, null);
    }
}
