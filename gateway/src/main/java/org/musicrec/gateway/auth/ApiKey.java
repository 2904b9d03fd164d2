package org.musicrec.gateway.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A stored API key, without the key itself.
 *
 * @param prefix the first characters of the key, so that a person can tell keys apart
 */
public record ApiKey(UUID id, String name, String prefix, Set<Role> roles, Instant createdAt, Instant revokedAt) {

    public ApiKey {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("api key name is blank");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("api key has no role");
        }
        roles = Set.copyOf(roles);
    }

    public boolean active() {
        return revokedAt == null;
    }

    /** Admin keys are trusted too. */
    public boolean trusted() {
        return roles.contains(Role.TRUSTED) || roles.contains(Role.ADMIN);
    }

    public boolean admin() {
        return roles.contains(Role.ADMIN);
    }
}
