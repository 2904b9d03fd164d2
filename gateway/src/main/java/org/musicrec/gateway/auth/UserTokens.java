package org.musicrec.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.musicrec.gateway.config.AuthProperties;

/**
 * Verifies user JWTs with Nimbus JOSE+JWT: the signature with the one configured algorithm (HS256 with the
 * development secret, or RS256 with the identity provider's JWK set), then {@code iss}, {@code aud}, {@code exp}
 * and {@code nbf}. In HS256 mode it can also issue tokens, for development and the demo.
 */
public class UserTokens {

    private final AuthProperties.Jwt config;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final byte[] hs256Secret;
    private final Clock clock;

    UserTokens(AuthProperties.Jwt config, byte[] hs256Secret, Clock clock) {
        this.config = config;
        this.hs256Secret = hs256Secret;
        this.clock = clock;
        JWKSource<SecurityContext> keys;
        JWSAlgorithm algorithm;
        if (config.algorithm() == AuthProperties.Algorithm.HS256) {
            if (hs256Secret == null || hs256Secret.length < 32) {
                throw new IllegalArgumentException("the HS256 secret must have at least 32 bytes");
            }
            keys = new ImmutableSecret<>(hs256Secret);
            algorithm = JWSAlgorithm.HS256;
        } else {
            if (config.jwksUri() == null) {
                throw new IllegalArgumentException("RS256 needs musicrec.auth.jwt.jwks-uri (JWT_JWKS_URI)");
            }
            try {
                keys = JWKSourceBuilder.create(config.jwksUri().toURL()).retrying(true).build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad JWKS URI " + config.jwksUri(), e);
            }
            algorithm = JWSAlgorithm.RS256;
        }
        // only the configured algorithm is accepted, so "alg": "none" or an HS/RS confusion never verifies
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(config.audience(),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(), Set.of("sub", "exp")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) config.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    static UserTokens of(AuthProperties.Jwt config) {
        byte[] secret = null;
        if (config.algorithm() == AuthProperties.Algorithm.HS256) {
            if (config.hs256Secret() != null && !config.hs256Secret().isBlank()) {
                secret = Base64.getDecoder().decode(config.hs256Secret().trim());
            } else if (config.hs256SecretFile() != null) {
                secret = DevSecret.readOrCreate(config.hs256SecretFile());
            } else {
                throw new IllegalArgumentException("HS256 needs JWT_HS256_SECRET or a secret file");
            }
        }
        return new UserTokens(config, secret, Clock.systemUTC());
    }

    public UserToken verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Set<String> roles = new HashSet<>();
            Object raw = claims.getClaim("roles");
            if (raw instanceof List<?> list) {
                list.forEach(r -> roles.add(String.valueOf(r)));
            }
            return new UserToken(claims.getSubject(), roles, claims.getExpirationTime().toInstant());
        } catch (ParseException e) {
            throw new InvalidTokenException("the bearer token is not a JWT", e);
        } catch (ExpiredJWTException e) {
            throw new InvalidTokenException("the bearer token has expired", e);
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("the bearer token was rejected: " + reason(e.getMessage()), e);
        } catch (JOSEException | IllegalArgumentException e) {
            throw new InvalidTokenException("the bearer token could not be verified", e);
        }
    }

    /** Why the verifier refused a token, in the API's words rather than the library's. */
    static String reason(String said) {
        String m = said == null ? "" : said;
        if (m.contains("Unsecured") || m.contains("plain")) {
            return "it is not signed (alg none)";
        }
        if (m.contains("Encrypted") || m.contains("JWE")) {
            return "encrypted tokens (JWE) are not accepted; send a signed JWT";
        }
        if (m.contains("Invalid signature")) {
            return "its signature does not verify";
        }
        if (m.contains("algorithm") || m.contains("matching key")) {
            return "it is not signed with this gateway's algorithm and key";
        }
        if (m.contains("audience")) {
            return "its audience (aud) is not this API";
        }
        if (m.contains("iss claim") || m.contains("issuer")) {
            return "its issuer (iss) is not the one this gateway trusts";
        }
        if (m.contains("missing required claims")) {
            return "it lacks a required claim (sub and exp)";
        }
        if (m.contains("before use time")) {
            return "it is not valid yet (nbf)";
        }
        return "it does not pass the checks of signature, issuer, audience and validity times";
    }

    public boolean canIssue() {
        return hs256Secret != null;
    }

    /** A signed HS256 token for {@code userId}; only in development mode. */
    public String issue(String userId, Set<String> roles, Duration ttl) {
        if (!canIssue()) {
            throw new IllegalStateException("tokens come from the identity provider in RS256 mode");
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(config.issuer()).audience(config.audience())
                .subject(userId).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString()).claim("roles", List.copyOf(roles)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(hs256Secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    public Duration defaultTtl() {
        return config.devTokenTtl();
    }
}
