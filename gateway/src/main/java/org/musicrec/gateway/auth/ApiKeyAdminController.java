package org.musicrec.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin routes of the gateway itself: API keys, and user tokens in development mode. Each one checks the caller
 * again, so that a path {@link AuthFilter} misjudged still cannot reach them (defence in depth).
 */
@RestController
class ApiKeyAdminController {

    /** Body of {@code POST /api/v1/admin/api-keys}. */
    private static final java.util.regex.Pattern PRINTABLE_NAME = java.util.regex.Pattern.compile("[\\p{L}\\p{N}\\p{P}\\p{S} ]+");

    record CreateKeyRequest(String name, List<String> roles) {
    }

    /** A key as listed: never the secret. */
    record KeyView(UUID id, String name, String prefix, List<String> roles, Instant createdAt, Instant revokedAt) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.id(), key.name(), key.prefix(), key.roles().stream().map(Role::wire).sorted()
                    .toList(), key.createdAt(), key.revokedAt());
        }
    }

    /** Body of {@code POST /api/v1/admin/tokens}. */
    record TokenRequest(String userId, List<String> roles, String ttl) {
    }

    private final ApiKeys keys;
    private final UserTokens tokens;

    /** The roles a user token may carry (the admin role is the only one the gateway reads from a token). */
    static final List<String> TOKEN_ROLES = List.of("admin");

    ApiKeyAdminController(ApiKeys keys, UserTokens tokens) {
        this.keys = keys;
        this.tokens = tokens;
    }

    @PostMapping(path = "/api/v1/admin/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody CreateKeyRequest request,
                                               @RequestAttribute(name = Caller.ATTRIBUTE, required = false)
                                               Caller caller) {
        requireAdminKey(caller);
        List<Map<String, String>> errors = new ArrayList<>();
        if (request == null || request.name() == null || request.name().isBlank()) {
            errors.add(Map.of("field", "name", "message", "is required, 1-100 characters"));
        } else if (request.name().codePointCount(0, request.name().length()) > 100) {
            // characters as JSON Schema counts them (code points): an emoji is one
            errors.add(Map.of("field", "name", "message", "must be at most 100 characters"));
        } else if (!PRINTABLE_NAME.matcher(request.name()).matches()) {
            // the name is written into every access log line of the key: no line breaks or control characters
            errors.add(Map.of("field", "name", "message", "must be printable characters (letters, digits, punctuation,"
                    + " spaces), no control characters or line breaks"));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (request == null || request.roles() == null || request.roles().isEmpty()) {
            errors.add(Map.of("field", "roles", "message", "needs at least one of app, trusted, admin"));
        } else {
            for (int i = 0; i < request.roles().size(); i++) {
                try {
                    roles.add(Role.fromWire(request.roles().get(i)));
                } catch (IllegalArgumentException e) {
                    errors.add(Map.of("field", "roles[" + i + "]", "message", e.getMessage()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidAdminRequestException(errors);
        }
        ApiKeys.Created created = keys.create(request.name(), roles);
        KeyView view = KeyView.of(created.key());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", view.id(), "name", view.name(),
                "prefix", view.prefix(), "roles", view.roles(), "createdAt", view.createdAt(),
                "key", created.secret()));
    }

    @GetMapping("/api/v1/admin/api-keys")
    Map<String, List<KeyView>> list(@RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        requireAdmin(caller);
        return Map.of("keys", keys.list().stream().map(KeyView::of).toList());
    }

    @DeleteMapping("/api/v1/admin/api-keys/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id,
                                @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        requireAdmin(caller);
        return keys.revoke(id).map(k -> ResponseEntity.noContent().<Void>build())
                .orElseThrow(() -> new UnknownKeyException(id));
    }

    @PostMapping(path = "/api/v1/admin/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> token(@RequestBody TokenRequest request,
                                              @RequestAttribute(name = Caller.ATTRIBUTE, required = false)
                                              Caller caller) {
        requireAdminKey(caller);
        if (!tokens.canIssue()) {
            throw new TokensNotIssuedHereException();
        }
        List<Map<String, String>> errors = new ArrayList<>();
        if (request == null || request.userId() == null || !request.userId().matches("(?!\\.{1,2}$)[A-Za-z0-9._:-]{1,128}")) {
            errors.add(Map.of("field", "userId", "message",
                    "must be 1-128 characters of letters, digits, '.', '_', ':' or '-'"));
        }
        Duration ttl = tokens.defaultTtl();
        if (request != null && request.ttl() != null) {
            try {
                ttl = Duration.parse(request.ttl());
                if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofDays(30)) > 0) {
                    errors.add(Map.of("field", "ttl", "message", "must be at least PT1M and at most P30D"));
                }
            } catch (java.time.format.DateTimeParseException e) {
                errors.add(Map.of("field", "ttl", "message", "must be an ISO-8601 duration of days, hours, minutes or"
                        + " seconds, such as PT1H or P7D (weeks, months and years are not taken)"));
            }
        }
        if (request != null && request.roles() != null) {
            for (int i = 0; i < request.roles().size(); i++) {
                String role = request.roles().get(i);
                if (role == null || !TOKEN_ROLES.contains(role)) {
                    errors.add(Map.of("field", "roles[" + i + "]", "message", "unknown role '" + role
                            + "': a token's roles may be " + TOKEN_ROLES));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidAdminRequestException(errors);
        }
        Set<String> roles = request.roles() == null ? Set.of() : Set.copyOf(request.roles());
        String token = tokens.issue(request.userId(), roles, ttl);
        UserToken verified = tokens.verify(token);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("token", token, "tokenType", "Bearer",
                "userId", verified.userId(), "expiresAt", verified.expiresAt()));
    }

    /**
     * Minting credentials needs an admin <em>key</em>: a token's admin role rides on an app key, which may not act
     * for other users or write the catalogue, and must not be able to mint a key or token that may.
     */
    private static void requireAdminKey(Caller caller) {
        requireAdmin(caller);
        if (!caller.key().admin()) {
            throw new AccessDeniedException(AuthFilter.API_KEY_HEADER,
                    "creating API keys and issuing tokens needs an admin key; a token's admin role is not enough");
        }
    }

    private static void requireAdmin(Caller caller) {
        if (caller == null || !caller.admin()) {
            throw new AccessDeniedException(AuthFilter.API_KEY_HEADER,
                    "admin routes need an admin key or a token with the admin role");
        }
    }
}
