package org.musicrec.gateway.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Which web origins may call the API from a browser; empty allows none (mobile apps need no CORS). */
@Validated
@ConfigurationProperties("musicrec.cors")
public record CorsProperties(List<String> allowedOrigins, Duration maxAge) {
    public CorsProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        maxAge = maxAge == null ? Duration.ofHours(1) : maxAge;
    }
}
