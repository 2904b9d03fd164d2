package org.musicrec.gateway.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A verified user JWT: who the user is and the roles the identity provider gave them.
 *
 * @param userId the {@code sub} claim
 */
public record UserToken(String userId, Set<String> roles, Instant expiresAt) {

    public UserToken {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("token subject is blank");
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public boolean admin() {
        return roles.contains("admin");
    }
}
