package org.musicrec.gateway.auth;

import java.util.Locale;

/**
 * What an API key may do. {@code APP}: a client app, acting for the user whose JWT it sends. {@code TRUSTED}: a
 * server (importer, back office) that may act for any user and write the catalogue. {@code ADMIN}: all of that
 * and the admin routes.
 */
public enum Role {
    APP, TRUSTED, ADMIN;

    public static Role fromWire(String value) {
        if (value == null) {
            throw new IllegalArgumentException("role is missing (app, trusted or admin)");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + value + "' (app, trusted or admin)");
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
