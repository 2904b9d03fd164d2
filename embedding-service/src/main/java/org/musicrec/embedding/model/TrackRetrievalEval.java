package org.musicrec.embedding.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Co-listening retrieval: for a held-out pair (a, b), rank every catalogue track except a by a score against a and
 * count a hit when b is among the top K. Ties count as half above, so a scorer that cannot tell tracks apart gets
 * no credit for the order it happens to list them in.
 */
final class TrackRetrievalEval {

    /** Scores every track for a query track. */
    interface Scorer {
        double[] scores(int query);
    }

    private TrackRetrievalEval() {
    }

    /** Up to {@code max} distinct held-out pairs, drawn reproducibly. */
    static List<int[]> queries(List<int[]> pairs, int max, long seed) {
        Set<Long> seen = new LinkedHashSet<>();
        List<int[]> distinct = new ArrayList<>();
        for (int[] p : pairs) {
            if (seen.add(((long) p[0] << 32) | p[1])) distinct.add(p);
        }
        Collections.shuffle(distinct, new Random(seed));
        return distinct.subList(0, Math.min(max, distinct.size()));
    }

    /** Recall@k of the pair's partner. */
    static double recallAt(int k, List<int[]> queries, Scorer scorer) {
        return recall(positions(queries, scorer), k);
    }

    /** For each query, how many tracks rank above its partner (ties count half). */
    static double[] positions(List<int[]> queries, Scorer scorer) {
        double[] out = new double[queries.size()];
        for (int i = 0; i < out.length; i++) {
            int[] q = queries.get(i);
            double[] s = scorer.scores(q[0]);
            double target = s[q[1]];
            double above = 0;
            for (int t = 0; t < s.length; t++) {
                if (t == q[0] || t == q[1]) continue;
                if (s[t] > target) above += 1;
                else if (s[t] == target) above += 0.5;
            }
            out[i] = above;
        }
        return out;
    }

    static double recall(double[] positions, int k) {
        if (positions.length == 0) return Double.NaN;
        int hits = 0;
        for (double p : positions) if (p < k) hits++;
        return hits / (double) positions.length;
    }

    /** Cosine of unit vectors. */
    static Scorer cosine(List<float[]> vectors) {
        return q -> {
            double[] s = new double[vectors.size()];
            float[] query = vectors.get(q);
            for (int t = 0; t < s.length; t++) s[t] = Vectors.dot(query, vectors.get(t));
            return s;
        };
    }

    /** TF-IDF cosine over normalised tags: the metadata-only baseline a trained model has to beat. */
    static Scorer tagTfIdf(List<TrackFeatures> tracks) {
        Map<String, Integer> df = new HashMap<>();
        List<Set<String>> tagSets = new ArrayList<>();
        for (TrackFeatures t : tracks) {
            Set<String> tags = new LinkedHashSet<>();
            for (String tag : t.tags()) {
                String n = TrackFeaturizer.normalise(tag);
                if (!n.isEmpty()) tags.add(n);
            }
            tagSets.add(tags);
            tags.forEach(tag -> df.merge(tag, 1, Integer::sum));
        }
        int n = tracks.size();
        List<Map<String, Double>> weights = new ArrayList<>();
        Map<String, List<Integer>> postings = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Map<String, Double> w = new HashMap<>();
            double norm = 0;
            for (String tag : tagSets.get(i)) {
                double idf = Math.log((double) n / df.get(tag));
                w.put(tag, idf);
                norm += idf * idf;
            }
            double len = Math.sqrt(norm);
            if (len > 0) w.replaceAll((tag, v) -> v / len);
            weights.add(w);
            for (String tag : w.keySet()) postings.computeIfAbsent(tag, k -> new ArrayList<>()).add(i);
        }
        return q -> {
            double[] s = new double[n];
            for (Map.Entry<String, Double> e : weights.get(q).entrySet()) {
                for (int t : postings.get(e.getKey())) s[t] += e.getValue() * weights.get(t).get(e.getKey());
            }
            return s;
        };
    }

    /** The same list for every query: tracks by how often they occur in training pairs. */
    static Scorer popularity(int tracks, List<int[]> trainPairs) {
        double[] counts = new double[tracks];
        for (int[] p : trainPairs) {
            counts[p[0]]++;
            counts[p[1]]++;
        }
        return q -> counts;
    }
}
