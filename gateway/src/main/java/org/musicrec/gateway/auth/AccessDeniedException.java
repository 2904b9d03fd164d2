package org.musicrec.gateway.auth;

/** The caller is known but may not do this; {@code field} names the part of the request that is not theirs. */
public class AccessDeniedException extends RuntimeException {

    private final String field;

    public AccessDeniedException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
