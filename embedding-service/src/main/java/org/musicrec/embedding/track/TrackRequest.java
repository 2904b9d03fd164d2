package org.musicrec.embedding.track;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The body of {@code PUT /api/v1/tracks/{trackId}}. */
record TrackRequest(
        @NotBlank @Size(max = 300) String title,
        @NotBlank @Size(max = 300) String artist,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags) {
}
