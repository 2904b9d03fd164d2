package org.musicrec.embedding.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Positive pairs from listening histories: two different tracks within {@code window} positions of each other in
 * one user's time-ordered history. Users, not pairs, are split into training and validation, so a validation pair
 * never shares a history with a training pair.
 */
final class CoListening {

    /** One listen of a catalogue track (its index) by a user at a time (epoch millis). */
    record Listen(String userId, int track, long at) {
    }

    /** Training and validation pairs of track indices, and how many users each side has. */
    record Split(List<int[]> train, List<int[]> validation, int trainUsers, int validationUsers) {
    }

    private CoListening() {
    }

    static Split split(List<Listen> listens, int window, double validationFraction, long seed) {
        if (window < 1) throw new IllegalArgumentException("the window must be at least 1");
        if (validationFraction < 0 || validationFraction >= 1) throw new IllegalArgumentException("validation fraction must be in [0, 1)");
        Map<String, List<Listen>> byUser = new LinkedHashMap<>();
        for (Listen l : listens) byUser.computeIfAbsent(l.userId(), k -> new ArrayList<>()).add(l);
        List<String> users = new ArrayList<>(byUser.keySet());
        Collections.sort(users);
        Collections.shuffle(users, new Random(seed));
        Set<String> validationUsers = new HashSet<>(users.subList(0, (int) Math.round(users.size() * validationFraction)));
        List<int[]> train = new ArrayList<>(), validation = new ArrayList<>();
        for (Map.Entry<String, List<Listen>> e : byUser.entrySet()) {
            List<int[]> target = validationUsers.contains(e.getKey()) ? validation : train;
            target.addAll(pairs(e.getValue(), window));
        }
        return new Split(train, validation, users.size() - validationUsers.size(), validationUsers.size());
    }

    /** Pairs (earlier, later) of different tracks at most {@code window} listens apart, oldest first. */
    static List<int[]> pairs(List<Listen> history, int window) {
        List<Listen> ordered = new ArrayList<>(history);
        ordered.sort(Comparator.comparingLong(Listen::at).thenComparingInt(Listen::track));
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            for (int j = i + 1; j <= i + window && j < ordered.size(); j++) {
                int a = ordered.get(i).track(), b = ordered.get(j).track();
                if (a != b) out.add(new int[] {a, b});
            }
        }
        return out;
    }
}
