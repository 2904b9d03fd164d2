package org.musicrec.embedding.vector;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.musicrec.embedding.model.Embedding;
import org.musicrec.embedding.model.TrackEncoder;
import org.musicrec.embedding.model.TrackFeatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gives every catalogue track a vector of the active track encoder: tracks with no vector, a vector of another
 * model version, or a vector older than their metadata (a catalogue change) are encoded in batches, from their
 * metadata and, where their audio was embedded, their audio embedding. A vector written meanwhile by an audio job
 * is never overwritten (the write only lands on the vector the batch read).
 */
@Component
class TrackBackfill {

    private static final Logger log = LoggerFactory.getLogger(TrackBackfill.class);

    private final ActiveTrackEncoder encoder;
    private final VectorRepository repository;
    private final VectorIndex index;
    private final VectorAnnouncer announcer;
    private final int batchSize;

    TrackBackfill(ActiveTrackEncoder encoder, VectorRepository repository, VectorIndex index,
                  VectorAnnouncer announcer,
                  @Value("${musicrec.vectors.backfill-batch:500}") int batchSize) {
        this.encoder = encoder;
        this.repository = repository;
        this.index = index;
        this.announcer = announcer;
        this.batchSize = batchSize;
    }

    @Scheduled(fixedDelayString = "${musicrec.vectors.backfill-interval:5s}")
    void run() {
        encoder.encoder().ifPresent(current -> {
            try {
                int n = runOnce(current);
                if (n > 0) {
                    log.info("track encoder {}: embedded {} tracks", current.modelVersion(), n);
                }
            } catch (RuntimeException e) {
                log.warn("track vector backfill failed, will retry: {}", e.getMessage());
            }
        });
    }

    /** Encodes one batch of tracks that lack a current vector; returns how many vectors were stored. */
    int runOnce(TrackEncoder current) {
        List<VectorRepository.Pending> pending = repository.tracksNeedingVector(current.modelVersion(), batchSize);
        if (pending.isEmpty()) {
            return 0;
        }
        List<Embedding> embeddings = current.encodeAll(pending.stream()
                .map(p -> new TrackFeatures(p.title(), p.artist(), p.tags(), p.audio())).toList());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<TrackVector> stored = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            VectorRepository.Pending p = pending.get(i);
            Embedding e = embeddings.get(i);
            List<String> sources = p.audio() == null || !current.usesAudio() ? List.of("metadata")
                    : List.of("audio", "metadata");
            TrackVector vector = new TrackVector(p.trackId(), e.vector(), e.modelVersion(), sources, p.audioSeconds(), now);
            if (!repository.upsertVectorIfUnchanged(vector, p.vectorUpdatedAt())) {
                continue;
            }
            stored.add(vector);
            index.put(p.trackId(), e.modelVersion(), e.vector());
        }
        announcer.announce(stored, Duration.ofSeconds(30));
        return stored.size();
    }
}
