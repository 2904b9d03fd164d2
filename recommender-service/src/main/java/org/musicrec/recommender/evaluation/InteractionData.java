package org.musicrec.recommender.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.musicrec.recommender.ranking.ItemVocabulary;

/**
 * Time-ordered item sequences per user, with item ids mapped to 1-based indexes.
 *
 * @param users     user ids, in file order
 * @param sequences per user (same order) item indexes, oldest first
 */
record InteractionData(List<String> users, int[][] sequences, ItemVocabulary vocabulary) {

    InteractionData {
        if (users.size() != sequences.length) {
            throw new IllegalArgumentException("one sequence per user is required");
        }
    }

    /** Reads HetRec's {@code user_artist_sequence.tsv} (userID, artistID, artistName, firstTagDate; ordered). */
    static InteractionData hetrec(Path dir) throws IOException {
        Path file = dir.resolve("user_artist_sequence.tsv");
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.startsWith("userID\tartistID")) {
                throw new IOException(file + " does not start with the header userID<TAB>artistID");
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length < 2) {
                    throw new IOException(file + ": line without artistID: " + line);
                }
                byUser.computeIfAbsent(fields[0], u -> new ArrayList<>()).add(fields[1]);
            }
        }
        return of(byUser);
    }

    /** Reads one user per line: {@code user item item ...}, items oldest first, separated by blanks. */
    static InteractionData sequences(Path file) throws IOException {
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2) {
                continue;
            }
            List<String> items = byUser.computeIfAbsent(fields[0], u -> new ArrayList<>());
            for (int i = 1; i < fields.length; i++) {
                items.add(fields[i]);
            }
        }
        return of(byUser);
    }

    static InteractionData of(Map<String, List<String>> byUser) {
        ItemVocabulary.Builder vocabulary = ItemVocabulary.builder();
        List<String> users = new ArrayList<>(byUser.keySet());
        int[][] sequences = new int[users.size()][];
        for (int u = 0; u < users.size(); u++) {
            sequences[u] = byUser.get(users.get(u)).stream().mapToInt(vocabulary::add).toArray();
        }
        return new InteractionData(users, sequences, vocabulary.build());
    }

    int interactions() {
        int total = 0;
        for (int[] sequence : sequences) {
            total += sequence.length;
        }
        return total;
    }
}
