package org.musicrec.gateway.auth;

import java.util.UUID;

/** No API key has this id. */
public class UnknownKeyException extends RuntimeException {
    UnknownKeyException(UUID id) {
        super("no API key has the id " + id);
    }
}
