package org.musicrec.recommender.vectors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.musicrec.events.TrackEmbedded;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Track vectors from the embedding service's track encoder (the {@code track-embeddings} topic). PostgreSQL is the
 * truth; an in-memory map serves requests and is refreshed from the table, so every replica sees vectors another
 * replica consumed. Used to place tracks the ranker has never seen: they are compared with the vectors of what the
 * user played.
 */
@Service
public class TrackVectors {

    /** A larger vector is refused as a broken record (the track encoder's vectors are 128-d). */
    static final int MAX_DIMENSION = 4096;

    /** A vector and the encoder version that made it (vectors of different versions are not comparable). */
    record Stored(String modelVersion, float[] unit, Instant updatedAt) {
    }

    /** A track close to the listener's history, and the history track it is closest to. */
    public record Match(String trackId, double similarity, String closestHistoryTrack) {
    }

    private final TrackVectorRepository repository;
    private final Map<String, Stored> vectors = new ConcurrentHashMap<>();
    private volatile Instant loadedUpTo = Instant.EPOCH;

    TrackVectors(TrackVectorRepository repository) {
        this.repository = repository;
    }

    void upsert(TrackEmbedded embedded) {
        float[] unit = unit(embedded.vector());
        repository.upsert(embedded);
        keepNewest(embedded.trackId(), new Stored(embedded.modelVersion(), unit, embedded.updatedAt()));
    }

    /** As in the table: a record older than the one held (a replay, or out of order) does not replace it. */
    private void keepNewest(String trackId, Stored candidate) {
        vectors.merge(trackId, candidate,
                (held, offered) -> offered.updatedAt().isBefore(held.updatedAt()) ? held : offered);
    }

    /** The stored vector of a track, unit length. */
    public Optional<float[]> find(String trackId) {
        return Optional.ofNullable(vectors.get(trackId)).map(s -> s.unit().clone());
    }

    /** Number of tracks with a vector. */
    public int size() {
        return vectors.size();
    }

    /**
     * The tracks most similar to the listener's history among the candidates: the history's vectors (those of the
     * encoder version most of them share) are averaged into a taste profile, and each candidate of that version is
     * scored by cosine to it. Candidates are offered to {@code candidateFilter} in descending similarity, as rankers
     * do.
     *
     * @param history       track ids the user played, any order
     * @param candidate     which tracks may be returned (for example: the ones the ranker does not know)
     * @param minSimilarity cosine a match must reach
     */
    public List<Match> closestTo(List<String> history, Predicate<String> candidate, Predicate<String> candidateFilter,
                                 int limit, double minSimilarity) {
        Map<String, Integer> versions = new HashMap<>();
        for (String id : history) {
            Stored s = vectors.get(id);
            if (s != null) {
                versions.merge(s.modelVersion(), 1, Integer::sum);
            }
        }
        if (versions.isEmpty() || limit < 1) {
            return List.of();
        }
        String version = versions.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<Map.Entry<String, float[]>> used = new ArrayList<>();
        float[] profile = null;
        for (String id : history) {
            Stored s = vectors.get(id);
            if (s != null && s.modelVersion().equals(version)) {
                if (profile == null) {
                    profile = new float[s.unit().length];
                }
                for (int i = 0; i < profile.length; i++) {
                    profile[i] += s.unit()[i];
                }
                used.add(Map.entry(id, s.unit()));
            }
        }
        profile = unit(profile);
        // a bounded heap of the best candidates; more than limit, because the filter may refuse some
        int keep = Math.max(limit * 8, 64);
        PriorityQueue<Map.Entry<String, Double>> best = new PriorityQueue<>(Map.Entry.comparingByValue());
        Map<String, float[]> found = new HashMap<>();
        for (Map.Entry<String, Stored> e : vectors.entrySet()) {
            Stored s = e.getValue();
            if (!s.modelVersion().equals(version) || s.unit().length != profile.length || !candidate.test(e.getKey())) {
                continue;
            }
            double cos = dot(profile, s.unit());
            if (cos >= minSimilarity && (best.size() < keep || cos > best.peek().getValue())) {
                best.add(Map.entry(e.getKey(), cos));
                found.put(e.getKey(), s.unit());
                if (best.size() > keep) {
                    best.poll();
                }
            }
        }
        List<Map.Entry<String, Double>> ordered = new ArrayList<>(best);
        ordered.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<Match> matches = new ArrayList<>();
        for (Map.Entry<String, Double> e : ordered) {
            if (matches.size() == limit) {
                break;
            }
            if (candidateFilter.test(e.getKey())) {
                matches.add(new Match(e.getKey(), e.getValue(), closest(found.get(e.getKey()), used)));
            }
        }
        return matches;
    }

    private static String closest(float[] vector, List<Map.Entry<String, float[]>> history) {
        String closest = null;
        double best = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, float[]> h : history) {
            double cos = dot(vector, h.getValue());
            if (cos > best) {
                best = cos;
                closest = h.getKey();
            }
        }
        return closest;
    }

    /** Loads vectors changed since the last refresh from the table. */
    @Scheduled(fixedDelayString = "${musicrec.vectors.refresh-interval:30s}")
    public void refresh() {
        Instant from = loadedUpTo;
        Instant newest = from;
        for (var row : repository.changedSince(from)) {
            try {
                keepNewest(row.trackId(), new Stored(row.modelVersion(), unit(row.vector()), row.updatedAt()));
            } catch (IllegalArgumentException ignored) {
                // a row no record could have written (e.g. edited by hand): it is not served
            }
            if (row.updatedAt().isAfter(newest)) {
                newest = row.updatedAt();
            }
        }
        loadedUpTo = newest;
    }

    /** A unit-length copy; a vector that is too long, not finite or all zeros is refused. */
    static float[] unit(float[] vector) {
        if (vector.length > MAX_DIMENSION) {
            throw new IllegalArgumentException("vector: more than " + MAX_DIMENSION + " dimensions");
        }
        double norm = 0;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("vector: values must be finite numbers");
            }
            norm += (double) v * v;
        }
        if (norm == 0) {
            throw new IllegalArgumentException("vector: must not be all zeros");
        }
        float[] unit = new float[vector.length];
        double scale = 1 / Math.sqrt(norm);
        for (int i = 0; i < unit.length; i++) {
            unit[i] = (float) (vector[i] * scale);
        }
        return unit;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
