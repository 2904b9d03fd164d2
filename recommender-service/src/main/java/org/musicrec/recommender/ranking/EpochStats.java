package org.musicrec.recommender.ranking;

/**
 * One training epoch.
 *
 * @param epoch         1-based
 * @param loss          mean training loss per predicted position
 * @param validationNdcg validation NDCG@10 after the epoch
 * @param seconds       wall time of the epoch including validation
 */
public record EpochStats(int epoch, double loss, double validationNdcg, double seconds) {
}
