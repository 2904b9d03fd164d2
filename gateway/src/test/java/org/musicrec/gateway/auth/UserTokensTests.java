package org.musicrec.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.gateway.config.AuthProperties;

class UserTokensTests {

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static AuthProperties.Jwt config(AuthProperties.Algorithm algorithm, URI jwks) {
        return new AuthProperties.Jwt(algorithm, "musicrec-dev", "musicrec-api", null, null, jwks,
                Duration.ofSeconds(30), Duration.ofHours(1));
    }

    private final UserTokens tokens = new UserTokens(config(AuthProperties.Algorithm.HS256, null), SECRET,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static JWTClaimsSet.Builder claims(String user) {
        return new JWTClaimsSet.Builder().subject(user).issuer("musicrec-dev").audience("musicrec-api")
                .issueTime(Date.from(NOW.minusSeconds(60))).expirationTime(Date.from(NOW.plusSeconds(600)));
    }

    private static String hs256(JWTClaimsSet claims, byte[] secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    @Test
    void aRefusedTokenIsExplainedInTheApisWordsNotTheLibrarys() {
        assertThat(UserTokens.reason("Unsecured (plain) JWTs are rejected, extend class to handle"))
                .isEqualTo("it is not signed (alg none)");
        assertThat(UserTokens.reason("Signed JWT rejected: Invalid signature")).contains("signature does not verify");
        assertThat(UserTokens.reason("JWT audience rejected: [other]")).contains("audience");
        assertThat(UserTokens.reason("JWT missing required claims: [exp]")).contains("required claim");
        assertThat(UserTokens.reason("JWT iss claim has value x, must be musicrec-dev")).contains("issuer");
        assertThat(UserTokens.reason("something new")).doesNotContain("something new");
    }

    @Test
    void acceptsAValidTokenAndReadsSubjectAndRoles() throws Exception {
        UserToken user = tokens.verify(hs256(claims("user-2").claim("roles", List.of("admin")).build(), SECRET));
        assertThat(user.userId()).isEqualTo("user-2");
        assertThat(user.admin()).isTrue();
        assertThat(user.expiresAt()).isEqualTo(NOW.plusSeconds(600));
    }

    @Test
    void rejectsExpiredTokensBeyondTheClockSkew() throws Exception {
        String justExpired = hs256(claims("u").expirationTime(Date.from(NOW.minusSeconds(10))).build(), SECRET);
        assertThat(tokens.verify(justExpired).userId()).isEqualTo("u");
        String expired = hs256(claims("u").expirationTime(Date.from(NOW.minusSeconds(31))).build(), SECRET);
        assertThatThrownBy(() -> tokens.verify(expired)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void rejectsWrongSignatureIssuerAudienceAndMissingSubject() throws Exception {
        byte[] other = "another-secret-another-secret-32b".getBytes(StandardCharsets.US_ASCII);
        for (String bad : List.of(hs256(claims("u").build(), other),
                hs256(claims("u").issuer("evil").build(), SECRET),
                hs256(claims("u").audience("other-api").build(), SECRET),
                hs256(claims(null).build(), SECRET),
                hs256(claims("u").expirationTime(null).build(), SECRET))) {
            assertThatThrownBy(() -> tokens.verify(bad)).isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void rejectsUnsignedTokensAndGarbage() {
        String none = new PlainJWT(claims("u").build()).serialize();
        assertThatThrownBy(() -> tokens.verify(none)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify("abc.def")).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("not a JWT");
    }

    @Test
    void issuedTokensVerify() {
        String token = tokens.issue("user-7", Set.of(), Duration.ofMinutes(5));
        UserToken user = tokens.verify(token);
        assertThat(user.userId()).isEqualTo("user-7");
        assertThat(user.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(user.admin()).isFalse();
    }

    @Test
    void shortSecretsAreRefused() {
        assertThatThrownBy(() -> new UserTokens(config(AuthProperties.Algorithm.HS256, null), new byte[16],
                Clock.systemUTC())).hasMessageContaining("32 bytes");
    }

    @Test
    void devSecretIsCreatedOnceAndKeptPrivate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway/jwt.secret");
        byte[] first = DevSecret.readOrCreate(file);
        assertThat(first).hasSize(32);
        assertThat(DevSecret.readOrCreate(file)).isEqualTo(first);
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void rs256TokensAreCheckedAgainstTheJwkSetAndHs256IsRefusedThen() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
            UserTokens rs = new UserTokens(config(AuthProperties.Algorithm.RS256, uri), null,
                    Clock.fixed(NOW, ZoneOffset.UTC));
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                    claims("user-9").build());
            jwt.sign(new RSASSASigner(key));
            assertThat(rs.verify(jwt.serialize()).userId()).isEqualTo("user-9");
            // an HS256 token must not pass in RS256 mode, whatever secret signed it
            assertThatThrownBy(() -> rs.verify(hs256(claims("user-9").build(), SECRET)))
                    .isInstanceOf(InvalidTokenException.class);
            assertThat(rs.canIssue()).isFalse();
        } finally {
            server.stop(0);
        }
    }
}
