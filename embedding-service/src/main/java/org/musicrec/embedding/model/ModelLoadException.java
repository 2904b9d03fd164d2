package org.musicrec.embedding.model;

/** A model directory that is missing, corrupt or of another format; the currently served model stays. */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
