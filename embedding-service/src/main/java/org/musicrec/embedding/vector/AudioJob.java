package org.musicrec.embedding.vector;

import java.time.Instant;
import java.util.UUID;

/** An uploaded track's way to its vector: QUEUED, RUNNING, then DONE or FAILED (with the reason). */
public record AudioJob(UUID jobId, String trackId, String status, Double audioSeconds, String error,
                       Instant createdAt, Instant finishedAt) {
}
