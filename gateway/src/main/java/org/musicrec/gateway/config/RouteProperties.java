package org.musicrec.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Timeouts per route and the recommender's circuit breaker.
 *
 * @param connectTimeout   to any service
 * @param tracks           catalogue reads and writes
 * @param audio            audio uploads (large bodies)
 * @param admin            admin routes of the services
 * @param recommendations  a recommendation request; past it the fallback answers
 */
@Validated
@ConfigurationProperties("musicrec.routes")
public record RouteProperties(@NotNull Duration connectTimeout, @NotNull Duration tracks, @NotNull Duration audio,
                              @NotNull Duration admin, @NotNull Duration recommendations,
                              @Valid @NotNull Breaker breaker, @Valid @NotNull Popular popular) {

    /** Resilience4j circuit breaker around the recommender. */
    public record Breaker(@Min(1) int failureRatePercent, @Min(1) int slidingWindow, @Min(1) int minimumCalls,
                          @NotNull Duration openFor) {
    }

    /** The popular list kept for the fallback, refreshed from the recommender. */
    public record Popular(@NotNull Duration refreshInterval, @Min(1) int size) {
    }
}
