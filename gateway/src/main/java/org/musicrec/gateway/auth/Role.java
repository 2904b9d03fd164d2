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
        // Exactly the wire names, like a token's roles: "ADMIN" or " app" is refused rather than read as a role.
        for (Role role : values()) {
            if (role.wire().equals(value)) {
                return role;
            }
        }
        String shown = value.length() > 32 ? value.substring(0, 32) + "..." : value;
        throw new IllegalArgumentException("unknown role '" + shown + "' (app, trusted or admin, in lower case)");
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
