package org.musicrec.recommender.history;

/**
 * What the store holds.
 *
 * @param storedEvents      events stored (each eventId once)
 * @param users             distinct users with history
 * @param tracks            distinct tracks in the history
 * @param duplicatesIgnored events received again since this instance started, and not stored again
 */
public record IngestionStats(long storedEvents, long users, long tracks, long duplicatesIgnored) {
}
