package org.musicrec.recommender.popularity;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How popularity is computed.
 *
 * @param halfLife        an event this much older than the newest event counts half
 * @param refreshInterval how often the ranking is recomputed from the history
 * @param size            how many of the most popular tracks are kept
 * @param minListeners    distinct listeners a track needs to be ranked at all (one user cannot make a track popular)
 * @param maxPerListener  the most one listener's events on a track can weigh (1 = one play today)
 */
@Validated
@ConfigurationProperties("musicrec.popularity")
public record PopularityProperties(@NotNull Duration halfLife, @NotNull Duration refreshInterval, @Min(1) int size,
                                   @Min(1) int minListeners, @DecimalMin("1.0") double maxPerListener) {
}
