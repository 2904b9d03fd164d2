package org.musicrec.gateway.auth;

import java.util.Optional;

/**
 * Who is calling: always an API key, and a user when a valid JWT came with it. Set as a request attribute by
 * {@link AuthFilter} for every {@code /api/} request that got through.
 */
public record Caller(ApiKey key, UserToken user) {

    public static final String ATTRIBUTE = "org.musicrec.gateway.auth.Caller";

    public Caller {
        if (key == null) {
            throw new IllegalArgumentException("a caller always has an API key");
        }
    }

    public Optional<String> userId() {
        return Optional.ofNullable(user).map(UserToken::userId);
    }

    public boolean admin() {
        return key.admin() || (user != null && user.admin());
    }

    public boolean trusted() {
        return key.trusted();
    }

    /** Trusted keys act for anyone; an app acts only for the user of its token. */
    public boolean mayActFor(String userId) {
        return trusted() || (user != null && user.userId().equals(userId));
    }
}
