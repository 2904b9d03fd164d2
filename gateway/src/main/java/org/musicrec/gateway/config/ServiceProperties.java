package org.musicrec.gateway.config;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Where the services behind the gateway listen. */
@Validated
@ConfigurationProperties("musicrec.services")
public record ServiceProperties(@NotNull URI embeddingUri, @NotNull URI recommenderUri) {
}
