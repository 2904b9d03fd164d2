package org.musicrec.recommender.recommendation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Serving rules.
 *
 * @param defaultLimit  items returned when the request names no limit
 * @param maxLimit      the largest limit a request may ask for
 * @param historyLength how many recent events of the user the ranker sees
 * @param excludePlayed whether tracks the user already played are left out by default
 * @param maxPerArtist  at most this many tracks of one artist per response (0 = no cap)
 */
@Validated
@ConfigurationProperties("musicrec.recommendations")
public record RecommendationProperties(@Min(1) int defaultLimit, @Min(1) @Max(1000) int maxLimit,
                                       @Min(1) int historyLength, boolean excludePlayed, @Min(0) int maxPerArtist) {
}
