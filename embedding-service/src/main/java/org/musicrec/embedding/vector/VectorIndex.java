package org.musicrec.embedding.vector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Exact cosine search over every track vector, held in memory and refreshed from PostgreSQL (so replicas see
 * each other's writes). Only vectors of the query's model version are compared: an audio-encoder vector and a
 * track-encoder vector live in different spaces. A scan of 20,000 128-d vectors costs about 2.5 M multiply-adds: no ANN index is needed
 * at this size.
 */
@Component
class VectorIndex {

    /** A neighbour and its cosine similarity. */
    record Neighbour(String trackId, double similarity) {
    }

    private final VectorRepository repository;
    /** A track's vector and the model version that made it. */
    private record Entry(String modelVersion, float[] vector) {
    }

    private final Map<String, Entry> vectors = new ConcurrentHashMap<>();
    private volatile Instant loadedUpTo = Instant.EPOCH;

    VectorIndex(VectorRepository repository) {
        this.repository = repository;
    }

    void put(String trackId, String modelVersion, float[] vector) {
        vectors.put(trackId, new Entry(modelVersion, vector));
    }

    int size() {
        return vectors.size();
    }

    @Scheduled(fixedDelayString = "${musicrec.vectors.refresh-interval:10s}")
    void refresh() {
        Instant newest = loadedUpTo;
        for (TrackVector v : repository.vectorsChangedSince(loadedUpTo)) {
            vectors.put(v.trackId(), new Entry(v.modelVersion(), v.vector()));
            if (v.updatedAt().isAfter(newest)) {
                newest = v.updatedAt();
            }
        }
        loadedUpTo = newest;
    }

    /** The {@code limit} most similar other tracks with a vector of {@code modelVersion}, most similar first. */
    List<Neighbour> nearest(String trackId, float[] query, String modelVersion, int limit) {
        PriorityQueue<Neighbour> best = new PriorityQueue<>(Comparator.comparingDouble(Neighbour::similarity));
        for (Map.Entry<String, Entry> e : vectors.entrySet()) {
            Entry entry = e.getValue();
            if (e.getKey().equals(trackId) || !entry.modelVersion().equals(modelVersion)
                    || entry.vector().length != query.length) {
                continue;
            }
            double dot = 0;
            float[] v = entry.vector();
            for (int i = 0; i < v.length; i++) {
                dot += v[i] * query[i];
            }
            if (best.size() < limit) {
                best.add(new Neighbour(e.getKey(), dot));
            } else if (dot > best.peek().similarity()) {
                best.poll();
                best.add(new Neighbour(e.getKey(), dot));
            }
        }
        List<Neighbour> result = new ArrayList<>(best);
        result.sort(Comparator.comparingDouble(Neighbour::similarity).reversed());
        return result;
    }
}
