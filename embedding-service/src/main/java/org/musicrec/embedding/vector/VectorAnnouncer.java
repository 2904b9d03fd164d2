package org.musicrec.embedding.vector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.musicrec.embedding.config.TopicProperties;
import org.musicrec.events.TrackEmbedded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Announces stored vectors on {@code track-embeddings} and records each acknowledged announcement
 * ({@code track_vectors.announced_at}); a vector whose announcement failed (broker down, timeout) stays pending and is
 * sent again by {@link #retryPending()}, so no stored vector is lost to the recommender. Delivery is at least once;
 * the recommender keeps the newest vector per track, so a repeat is harmless.
 */
@Component
class VectorAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(VectorAnnouncer.class);

    private final VectorRepository repository;
    private final KafkaTemplate<String, Object> kafka;
    private final TopicProperties topics;
    private final Duration grace;
    private final int batchSize;

    VectorAnnouncer(VectorRepository repository, KafkaTemplate<String, Object> kafka, TopicProperties topics,
                    @Value("${musicrec.vectors.announce-grace:30s}") Duration grace,
                    @Value("${musicrec.vectors.backfill-batch:500}") int batchSize) {
        this.repository = repository;
        this.kafka = kafka;
        this.topics = topics;
        this.grace = grace;
        this.batchSize = batchSize;
    }

    /**
     * Sends the vectors, waits up to {@code timeout} for the broker's acknowledgements and marks the acknowledged
     * ones announced. Never throws for a failed send: what is not acknowledged stays pending.
     *
     * @return how many were acknowledged
     */
    int announce(List<TrackVector> vectors, Duration timeout) {
        List<CompletableFuture<?>> sent = new ArrayList<>(vectors.size());
        for (TrackVector v : vectors) {
            try {
                sent.add(kafka.send(topics.trackEmbeddings(), v.trackId(), new TrackEmbedded(v.trackId(),
                        v.modelVersion(), v.vector(), v.sources(), v.updatedAt())));
            } catch (RuntimeException e) {
                sent.add(CompletableFuture.failedFuture(e));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int acknowledged = 0;
        String failure = null;
        for (int i = 0; i < vectors.size(); i++) {
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                repository.markAnnounced(vectors.get(i).trackId(), vectors.get(i).updatedAt());
                acknowledged++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
                break;
            } catch (Exception e) {
                failure = e.getMessage();
            }
        }
        if (acknowledged < vectors.size()) {
            log.warn("{} of {} track vectors not announced on {} ({}); they stay pending and are sent again",
                    vectors.size() - acknowledged, vectors.size(), topics.trackEmbeddings(), failure);
        }
        return acknowledged;
    }

    /**
     * Sends again what is still unannounced after the grace period (the in-line announcement of a fresh vector may
     * still be in flight before it).
     */
    @Scheduled(fixedDelayString = "${musicrec.vectors.announce-retry-interval:30s}")
    void retryPending() {
        try {
            int n = announcePending();
            if (n > 0) {
                log.info("announced {} track vectors that were pending", n);
            }
        } catch (RuntimeException e) {
            log.warn("announcing pending track vectors failed, will retry: {}", e.getMessage());
        }
    }

    /** One batch of pending vectors; returns how many were acknowledged. */
    int announcePending() {
        List<TrackVector> pending = repository.unannounced(Instant.now().minus(grace), batchSize);
        return pending.isEmpty() ? 0 : announce(pending, Duration.ofSeconds(30));
    }
}
