package org.musicrec.registry;

/** A model version cannot be served (corrupt, incompatible); whatever served before keeps serving. */
public class ModelRejectedException extends RuntimeException {
    public ModelRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
