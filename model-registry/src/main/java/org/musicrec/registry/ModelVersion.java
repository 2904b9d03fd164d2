package org.musicrec.registry;

import java.time.Instant;

/**
 * A registered model version (without its bytes).
 *
 * @param metrics JSON object of validation metrics, e.g. {@code {"NDCG@10": 0.12}}
 * @param status  READY, or REJECTED when a service could not load it
 */
public record ModelVersion(String versionId, String kind, Instant createdAt, String dataFingerprint, String metrics,
                           String status, String message, boolean active, Instant activatedAt, long sizeBytes) {
}
