package org.musicrec.recommender.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.musicrec.recommender.ranking.ItemVocabulary;

/**
 * Who listened to what, order ignored: the raw material of the co-listening part of the item features. Each item
 * is described by the items most often played by the same people ({@link #neighbours}); the network learns one
 * embedding per such neighbour, so two tracks with the same audience get close vectors even when no user has them
 * next to each other in a history, and a rarely played track borrows the vectors of its audience's favourites.
 */
final class CoListening {

    /** Feature-name prefix of a neighbour: {@code listened-with:<item id>}. */
    static final String PREFIX = "listened-with:";

    private CoListening() {
    }

    /**
     * HetRec's {@code user_artists.dat} (userID, artistID, weight = play count; each user's 50 most played artists,
     * no dates), <em>except</em> the (user, artist) pairs in {@code heldOut}: a validation or test target the user
     * also played would otherwise put the answer into the features.
     *
     * @return user id → artist ids played; empty when the file is not there
     */
    static Map<String, Set<String>> hetrecPlays(Path dir, Set<String> heldOut) throws IOException {
        Path file = dir.resolve("user_artists.dat");
        Map<String, Set<String>> plays = new HashMap<>();
        if (!Files.exists(file)) {
            return plays;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.startsWith("userID\tartistID")) {
                throw new IOException(file + " does not start with the header userID<TAB>artistID<TAB>weight");
            }
            String line;
            while ((line = in.readLine()) != null) {
                String[] fields = line.split("\t", -1);
                if (fields.length < 2 || heldOut.contains(fields[0] + "\t" + fields[1])) {
                    continue;
                }
                if (fields.length >= 3 && !fields[2].isBlank() && Long.parseLong(fields[2].trim()) <= 0) {
                    continue;
                }
                plays.computeIfAbsent(fields[0].trim(), u -> new LinkedHashSet<>()).add(fields[1].trim());
            }
        }
        return plays;
    }

    /** The training histories as plays (user → item ids), added to {@code plays}. */
    static Map<String, Set<String>> withHistories(Map<String, Set<String>> plays, List<String> users,
                                                  int[][] histories, ItemVocabulary vocabulary) {
        Map<String, Set<String>> merged = new HashMap<>();
        plays.forEach((user, items) -> merged.put(user, new LinkedHashSet<>(items)));
        for (int u = 0; u < histories.length; u++) {
            Set<String> items = merged.computeIfAbsent(users.get(u), x -> new LinkedHashSet<>());
            for (int item : histories[u]) {
                items.add(vocabulary.idAt(item));
            }
        }
        return merged;
    }

    /** The plays as baskets of item indexes (items outside the vocabulary left out), for {@link ItemKnnScorer}. */
    static int[][] baskets(Map<String, Set<String>> plays, ItemVocabulary vocabulary) {
        return plays.values().stream()
                .map(items -> items.stream().mapToInt(vocabulary::indexOf).filter(i -> i > 0).toArray())
                .toArray(int[][]::new);
    }

    /**
     * For every item of the vocabulary, its {@code perItem} strongest co-listened items with weight
     * {@code both / (sqrt(listeners(i) * listeners(j)) + shrinkage)}: the cosine of the two audiences, shrunk
     * towards 0 when it rests on few listeners (one shared listener of two one-listener items is weak evidence).
     *
     * @return item id → {@code listened-with:<neighbour id>} → weight, for {@link
     *         org.musicrec.recommender.ranking.ItemFeatures#fromWeights}
     */
    static Map<String, Map<String, Double>> neighbours(Map<String, Set<String>> plays, ItemVocabulary vocabulary,
                                                        int perItem, double shrinkage) {
        Map<String, Integer> index = new HashMap<>();
        List<String> ids = new ArrayList<>();
        List<int[]> baskets = new ArrayList<>();
        for (Set<String> items : plays.values()) {
            int[] basket = new int[items.size()];
            int n = 0;
            for (String item : items) {
                Integer i = index.get(item);
                if (i == null) {
                    i = ids.size();
                    index.put(item, i);
                    ids.add(item);
                }
                basket[n++] = i;
            }
            baskets.add(basket);
        }
        int[] listeners = new int[ids.size()];
        for (int[] basket : baskets) {
            for (int a : basket) {
                listeners[a]++;
            }
        }
        int[][] basketsOf = new int[ids.size()][];
        int[] filled = new int[ids.size()];
        for (int a = 0; a < ids.size(); a++) {
            basketsOf[a] = new int[listeners[a]];
        }
        for (int b = 0; b < baskets.size(); b++) {
            for (int a : baskets.get(b)) {
                basketsOf[a][filled[a]++] = b;
            }
        }
        int[] both = new int[ids.size()];
        int[] touched = new int[ids.size()];
        Map<String, Map<String, Double>> features = new HashMap<>();
        for (int item = 1; item <= vocabulary.size(); item++) {
            Integer i = index.get(vocabulary.idAt(item));
            if (i == null) {
                continue;
            }
            int a = i;
            int touchedCount = 0;
            for (int b : basketsOf[a]) {
                for (int other : baskets.get(b)) {
                    if (other != a && both[other]++ == 0) {
                        touched[touchedCount++] = other;
                    }
                }
            }
            List<Map.Entry<Integer, Double>> scored = new ArrayList<>(touchedCount);
            for (int t = 0; t < touchedCount; t++) {
                int other = touched[t];
                scored.add(Map.entry(other, both[other] / (Math.sqrt((double) listeners[a] * listeners[other]) + shrinkage)));
                both[other] = 0;
            }
            if (scored.isEmpty()) {
                continue;
            }
            scored.sort(Map.Entry.<Integer, Double>comparingByValue().reversed()
                    .thenComparing(e -> ids.get(e.getKey())));
            Map<String, Double> kept = new HashMap<>();
            for (int k = 0; k < Math.min(perItem, scored.size()); k++) {
                kept.put(PREFIX + ids.get(scored.get(k).getKey()), scored.get(k).getValue());
            }
            features.put(vocabulary.idAt(item), kept);
        }
        return features;
    }
}
