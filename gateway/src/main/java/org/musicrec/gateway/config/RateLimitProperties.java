package org.musicrec.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Request budgets: one bucket per API key (its size by the key's strongest role) and one per user.
 * A capacity of 0 switches that limit off.
 */
@Validated
@ConfigurationProperties("musicrec.rate-limits")
public record RateLimitProperties(@Valid @NotNull Limit appKey, @Valid @NotNull Limit trustedKey,
                                  @Valid @NotNull Limit user, @Min(1) int maxTrackedBuckets) {

    /** {@code capacity} requests per {@code period}, refilled gradually. */
    public record Limit(@Min(0) long capacity, @NotNull Duration period) {
        public boolean enabled() {
            return capacity > 0;
        }
    }
}
