package org.musicrec.embedding.track;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code PUT /api/v1/tracks/{trackId}}. Lengths count characters (Unicode code points, as JSON Schema's
 * {@code maxLength} does), not UTF-16 units: an emoji is one character.
 */
record TrackRequest(
        @NotBlank @Pattern(regexp = AT_MOST_300, message = AT_MOST_300_MESSAGE)
        @Pattern(regexp = NO_CONTROL, message = CONTROL_MESSAGE)
        @Pattern(regexp = VISIBLE, message = VISIBLE_MESSAGE) String title,
        @NotBlank @Pattern(regexp = AT_MOST_300, message = AT_MOST_300_MESSAGE)
        @Pattern(regexp = NO_CONTROL, message = CONTROL_MESSAGE)
        @Pattern(regexp = VISIBLE, message = VISIBLE_MESSAGE) String artist,
        @Size(max = 50) List<@NotBlank @Pattern(regexp = AT_MOST_100, message = AT_MOST_100_MESSAGE)
                @Pattern(regexp = NO_CONTROL, message = CONTROL_MESSAGE)
                @Pattern(regexp = VISIBLE, message = VISIBLE_MESSAGE) String> tags) {

    /** A regex's '.' matches one code point, so a surrogate pair counts once. */
    static final String AT_MOST_300 = "(?s).{0,300}";
    static final String AT_MOST_300_MESSAGE = "must be at most 300 characters";
    static final String AT_MOST_100 = "(?s).{0,100}";
    static final String AT_MOST_100_MESSAGE = "must be at most 100 characters";

    /**
     * Text without control characters of any kind (C0 and C1, so also NEL; PostgreSQL cannot even store NUL), line
     * or paragraph separators, text-direction overrides and isolates (which can make a title read as another), the
     * byte-order mark or interlinear annotation marks. Other format characters stay: the zero-width joiner builds
     * emoji sequences and the zero-width non-joiner is part of Persian and Indic spelling.
     */
    static final String NO_CONTROL = "[^\\p{Cc}\\p{Zl}\\p{Zp}\\u202A-\\u202E\\u2066-\\u2069\\uFEFF\\uFFF9-\\uFFFB]*";
    static final String CONTROL_MESSAGE = "must not contain control, line-separator or text-direction characters";

    /** At least one character that shows: not only spaces and invisible format characters (a zero-width space). */
    static final String VISIBLE = "(?s).*[^\\s\\p{Z}\\p{Cf}].*";
    static final String VISIBLE_MESSAGE = "must contain a visible character";
}
