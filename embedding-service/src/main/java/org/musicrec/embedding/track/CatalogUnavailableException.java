package org.musicrec.embedding.track;

/** The change could not be announced on Kafka, so it was not stored either; the client may retry. */
public class CatalogUnavailableException extends RuntimeException {
    public CatalogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
