package org.musicrec.embedding.track;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The body of {@code PUT /api/v1/tracks/{trackId}}. */
record TrackRequest(
        @NotBlank @Size(max = 300) @Pattern(regexp = NO_CONTROL, message = CONTROL_MESSAGE) String title,
        @NotBlank @Size(max = 300) @Pattern(regexp = NO_CONTROL, message = CONTROL_MESSAGE) String artist,
        @Size(max = 50) List<@NotBlank @Size(max = 100) @Pattern(regexp = NO_CONTROL, message = CONTROL_MESSAGE)
                String> tags) {

    /** Text without control characters (PostgreSQL cannot even store NUL). */
    static final String NO_CONTROL = "[^\\p{Cntrl}]*";
    static final String CONTROL_MESSAGE = "must not contain control characters";
}
