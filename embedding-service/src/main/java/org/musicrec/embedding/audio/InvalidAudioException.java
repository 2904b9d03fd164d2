package org.musicrec.embedding.audio;

/** Audio input that cannot be turned into PCM; {@link #kind()} says why, the message says how. */
public class InvalidAudioException extends RuntimeException {

    /** Why the input was refused; stable, so callers can map it to a problem type. */
    public enum Kind { EMPTY, CORRUPT, NOT_AUDIO, TOO_LARGE, TOO_LONG, UNSUPPORTED }

    private final Kind kind;

    public InvalidAudioException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
