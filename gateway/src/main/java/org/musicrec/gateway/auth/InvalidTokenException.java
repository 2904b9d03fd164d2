package org.musicrec.gateway.auth;

/** A bearer token that does not prove anything: badly signed, expired, for another audience, or not a JWT. */
public class InvalidTokenException extends RuntimeException {
    InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
