package org.musicrec.recommender.ranking;

/** A model directory that is missing, corrupt, or written for another format; it is never served. */
public class IncompatibleModelException extends RuntimeException {

    public IncompatibleModelException(String message) {
        super(message);
    }

    public IncompatibleModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
