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

    /** How far in the future a record's {@code updatedAt} may be (producer clocks differ a little). */
    static final java.time.Duration MAX_CLOCK_SKEW = java.time.Duration.ofMinutes(5);

    /** Rows stored this long before the last refresh's newest are read again: a slow transaction commits late. */
    static final java.time.Duration REFRESH_OVERLAP = java.time.Duration.ofMinutes(2);

    /** A vector and the encoder version that made it (vectors of different versions are not comparable). */
    record Stored(String modelVersion, float[] unit, Instant updatedAt) {
    }

    /** A track close to the listener's history, and the history track it is closest to. */
    public record Match(String trackId, double similarity, String closestHistoryTrack) {
    }

    private final TrackVectorRepository repository;
    private final Map<String, Stored> vectors = new ConcurrentHashMap<>();
    private volatile Instant storedUpTo = Instant.EPOCH;

    TrackVectors(TrackVectorRepository repository) {
        this.repository = repository;
    }

    void upsert(TrackEmbedded embedded) {
        if (embedded.updatedAt().isAfter(Instant.now().plus(MAX_CLOCK_SKEW))) {
            // it would win over every later vector of the track: a broken producer clock, refused
            throw new IllegalArgumentException("updatedAt: more than " + MAX_CLOCK_SKEW + " in the future");
        }
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
     * encoder version most of them share, and of its first vector's size) are averaged into a taste profile, and each
     * candidate of that version and size is scored by cosine to it. History tracks are never candidates.
     *
     * @param history       track ids the user played, any order
     * @param candidate     which tracks may be returned; called for every vector, so it must be cheap and stateless
     *                      (for example: unknown to the ranker, not played, in the catalogue, has the requested tag)
     * @param limit         how many matches at most, best first
     * @param minSimilarity cosine a match must reach
     */
    public List<Match> closestTo(List<String> history, Predicate<String> candidate, int limit, double minSimilarity) {
        if (limit < 1 || history.isEmpty()) {
            return List.of();
        }
        Map<String, Stored> own = new HashMap<>();
        Map<String, Integer> versions = new HashMap<>();
        for (String id : history) {
            Stored s = vectors.get(id);
            if (s != null && own.putIfAbsent(id, s) == null) {
                versions.merge(s.modelVersion(), 1, Integer::sum);
            }
        }
        if (versions.isEmpty()) {
            return List.of();
        }
        String version = versions.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
        List<Map.Entry<String, float[]>> used = new ArrayList<>();
        float[] sum = null;
        for (Map.Entry<String, Stored> e : own.entrySet()) {
            float[] v = e.getValue().unit();
            if (!e.getValue().modelVersion().equals(version) || (sum != null && v.length != sum.length)) {
                continue;
            }
            if (sum == null) {
                sum = new float[v.length];
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
            used.add(Map.entry(e.getKey(), v));
        }
        float[] profile;
        try {
            profile = unit(sum);
        } catch (IllegalArgumentException cancelledOut) {
            return List.of();   // the history's vectors sum to zero: no direction to compare with
        }
        PriorityQueue<Match> best = new PriorityQueue<>(Comparator.comparingDouble(Match::similarity));
        Map<String, float[]> kept = new HashMap<>();
        for (Map.Entry<String, Stored> e : vectors.entrySet()) {
            Stored s = e.getValue();
            if (!s.modelVersion().equals(version) || s.unit().length != profile.length || own.containsKey(e.getKey())) {
                continue;
            }
            double cos = dot(profile, s.unit());
            if (cos < minSimilarity || (best.size() == limit && cos <= best.peek().similarity())
                    || !candidate.test(e.getKey())) {
                continue;
            }
            best.add(new Match(e.getKey(), cos, null));
            kept.put(e.getKey(), s.unit());
            if (best.size() > limit) {
                kept.remove(best.poll().trackId());
            }
        }
        List<Match> matches = new ArrayList<>();
        for (Match m : best) {
            matches.add(new Match(m.trackId(), m.similarity(), closest(kept.get(m.trackId()), used)));
        }
        matches.sort(Comparator.comparingDouble(Match::similarity).reversed().thenComparing(Match::trackId));
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

    /**
     * Loads vectors stored since the last refresh (by this or another replica). The cursor is the time the database
     * stored a row, not the producer's {@code updatedAt}, and the last minutes are read again, so a row committed late
     * is not skipped; reading a row twice is harmless (newest wins).
     */
    @Scheduled(fixedDelayString = "${musicrec.vectors.refresh-interval:30s}")
    public void refresh() {
        Instant from = storedUpTo;
        Instant newest = from;
        for (var row : repository.storedSince(from.minus(REFRESH_OVERLAP))) {
            if (row.vector() != null) {
                try {
                    keepNewest(row.trackId(), new Stored(row.modelVersion(), unit(row.vector()), row.updatedAt()));
                } catch (IllegalArgumentException ignored) {
                    // a row no record could have written (e.g. edited by hand): it is not served
                }
            }
            if (row.storedAt().isAfter(newest)) {
                newest = row.storedAt();
            }
        }
        storedUpTo = newest;
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
