package org.musicrec.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How callers prove who they are: API keys (hashed in PostgreSQL) and user JWTs.
 *
 * @param bootstrapKeyFile where a first admin key is written when none works yet; empty disables the bootstrap
 * @param keyCacheTtl      how long a verified key is trusted without asking PostgreSQL again (bounds how late
 *                         a revocation reaches the other replicas)
 */
@Validated
@ConfigurationProperties("musicrec.auth")
public record AuthProperties(Path bootstrapKeyFile, @NotNull Duration keyCacheTtl, @Valid @NotNull Jwt jwt) {

    /** Which algorithm signs user tokens. */
    public enum Algorithm { HS256, RS256 }

    /**
     * User tokens.
     *
     * @param algorithm     HS256 (development: a shared secret) or RS256 (production: keys from {@code jwksUri})
     * @param hs256Secret   base64 secret of at least 32 bytes; empty means read or create {@code hs256SecretFile}
     * @param hs256SecretFile where the development secret is kept, outside the repository
     * @param jwksUri       the identity provider's JWK set, required for RS256
     * @param clockSkew     tolerance on exp and nbf
     * @param devTokenTtl   lifetime of tokens that the gateway issues itself (HS256 only)
     */
    public record Jwt(@NotNull Algorithm algorithm, @NotBlank String issuer, @NotBlank String audience,
                      String hs256Secret, Path hs256SecretFile, URI jwksUri, @NotNull Duration clockSkew,
                      @NotNull Duration devTokenTtl) {
    }
}
