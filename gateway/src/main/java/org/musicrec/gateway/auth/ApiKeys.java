package org.musicrec.gateway.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.musicrec.gateway.config.AuthProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, verifies and revokes API keys. A verified key is cached for {@code keyCacheTtl} so that a request
 * costs no database round trip; a revocation clears this replica's cache at once and reaches the others within
 * the TTL.
 */
@Service
public class ApiKeys {

    /** A key just made: the only moment its secret exists outside the client. */
    public record Created(ApiKey key, String secret) {
    }

    private record Cached(ApiKey key, Instant until) {
    }

    private static final int MAX_CACHED = 10_000;

    private final ApiKeyRepository repository;
    private final AuthProperties properties;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ApiKeys(ApiKeyRepository repository, AuthProperties properties) {
        this.repository = repository;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    public Created create(String name, Set<Role> roles) {
        String secret = ApiKeySecrets.newKey();
        ApiKey key = new ApiKey(UUID.randomUUID(), name.trim(), ApiKeySecrets.displayPrefix(secret), roles,
                clock.instant(), null);
        repository.insert(key, ApiKeySecrets.hash(secret));
        return new Created(key, secret);
    }

    /** The active key for this secret, or empty for an unknown, revoked or malformed one. */
    public Optional<ApiKey> verify(String secret) {
        if (!ApiKeySecrets.wellFormed(secret)) {
            return Optional.empty();
        }
        byte[] hash = ApiKeySecrets.hash(secret);
        String cacheKey = HexFormat.of().formatHex(hash);
        Instant now = clock.instant();
        Cached cached = cache.get(cacheKey);
        if (cached != null && now.isBefore(cached.until())) {
            return Optional.of(cached.key());
        }
        Optional<ApiKey> key = repository.findActiveByHash(hash);
        if (key.isPresent()) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(cacheKey, new Cached(key.get(), now.plus(properties.keyCacheTtl())));
        } else {
            cache.remove(cacheKey);
        }
        return key;
    }

    public List<ApiKey> list() {
        return repository.findAll();
    }

    public Optional<ApiKey> revoke(UUID id) {
        Optional<ApiKey> revoked = repository.revoke(id, clock.instant());
        cache.values().removeIf(c -> c.key().id().equals(id));
        return revoked;
    }

    /**
     * Makes sure {@code secretOnFile} (if any) is a working admin key; otherwise revokes the earlier keys of
     * this name and creates a new admin key, returned so that the caller can write it down.
     */
    @Transactional
    public Optional<Created> bootstrapAdmin(String name, Optional<String> secretOnFile) {
        repository.lockForBootstrap();
        if (secretOnFile.flatMap(this::verify).filter(ApiKey::admin).isPresent()) {
            return Optional.empty();
        }
        for (ApiKey stale : repository.findActiveByName(name)) {
            revoke(stale.id());
        }
        return Optional.of(create(name, Set.of(Role.ADMIN)));
    }
}
