package org.musicrec.recommender.config;

/** A record on a topic that breaks the contract; it goes to the dead-letter topic and is never retried. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }
}
