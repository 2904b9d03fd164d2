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
 * @param newTrackSlots at most this many places of a model-ranked list go to tracks the model has never seen (added
 *                      to the catalogue after its training), chosen by their track vectors' closeness to the user's
 *                      history; they come last (0 = off)
 * @param newTrackMinSimilarity the cosine a new track's vector must reach to the user's taste profile to take a place
 */
@Validated
@ConfigurationProperties("musicrec.recommendations")
public record RecommendationProperties(@Min(1) int defaultLimit, @Min(1) @Max(1000) int maxLimit,
                                       @Min(1) int historyLength, boolean excludePlayed, @Min(0) int maxPerArtist,
                                       @Min(0) int newTrackSlots,
                                       @jakarta.validation.constraints.DecimalMin("-1") @jakarta.validation.constraints.DecimalMax("1")
                                       double newTrackMinSimilarity) {
}
