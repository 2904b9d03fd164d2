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
 * @param days      per user and item the day (epoch day) it happened, or null when the source has no dates;
 *                  items of one day have no known order among themselves in HetRec
 */
record InteractionData(List<String> users, int[][] sequences, int[][] days, ItemVocabulary vocabulary) {

    InteractionData {
        if (users.size() != sequences.length) {
            throw new IllegalArgumentException("one sequence per user is required");
        }
        if (days != null) {
            if (days.length != sequences.length) {
                throw new IllegalArgumentException("one day row per user is required");
            }
            for (int u = 0; u < days.length; u++) {
                if (days[u].length != sequences[u].length) {
                    throw new IllegalArgumentException("user " + users.get(u) + " needs one day per item");
                }
            }
        }
    }

    /** One user's items, oldest first, with the epoch day of each (for the day-shuffling augmentation). */
    record Dated(List<String> items, List<Integer> days) {
        Dated {
            if (items.size() != days.size()) {
                throw new IllegalArgumentException("one day per item is required");
            }
        }

        Dated() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        void add(String item, int day) {
            items.add(item);
            days.add(day);
        }
    }

    /** Reads HetRec's {@code user_artist_sequence.tsv} (userID, artistID, artistName, firstTagDate; ordered). */
    static InteractionData hetrec(Path dir) throws IOException {
        Path file = dir.resolve("user_artist_sequence.tsv");
        Map<String, Dated> byUser = new LinkedHashMap<>();
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
                if (fields.length < 4) {
                    throw new IOException(file + ": line without artistID or firstTagDate: " + line);
                }
                int day;
                try {
                    day = Math.toIntExact(java.time.LocalDate.parse(fields[3].trim()).toEpochDay());
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IOException(file + ": firstTagDate is not yyyy-MM-dd: " + line, e);
                }
                byUser.computeIfAbsent(fields[0], u -> new Dated()).add(fields[1], day);
            }
        }
        return ofDated(byUser);
    }

    /**
     * Reads the listening history from the {@code listening_events} table of the connection's schema:
     * events other than SKIP (a skip is not listening), each user's events by {@code occurred_at, event_id}.
     * A track the user played before keeps its first position only: the model learns which new track comes
     * next, which is what serving asks (played tracks are excluded from recommendations).
     */
    static InteractionData postgres(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        Map<String, Dated> byUser = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> seen = new java.util.HashMap<>();
        jdbc.sql("""
                        SELECT user_id, track_id, occurred_at FROM listening_events
                        WHERE event_type <> 'SKIP' ORDER BY user_id, occurred_at, event_id""")
                .query((org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    String user = rs.getString(1);
                    String track = rs.getString(2);
                    if (seen.computeIfAbsent(user, u -> new java.util.HashSet<>()).add(track)) {
                        long second = rs.getObject(3, java.time.OffsetDateTime.class).toEpochSecond();
                        byUser.computeIfAbsent(user, u -> new Dated())
                                .add(track, Math.toIntExact(Math.floorDiv(second, 86_400L)));
                    }
                });
        return ofDated(byUser);
    }

    /** Reads one user per line: {@code user item item ...}, items oldest first, separated by blanks. */
    static InteractionData sequences(Path file) throws IOException {
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        int number = 0;
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory; give the sequences file itself");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            throw new IOException(file + " is not UTF-8 text", notUtf8);
        }
        for (String line : lines) {
            number++;
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2) {
                continue;
            }
            for (String field : fields) {
                if (!org.musicrec.events.ListeningEvent.ID_PATTERN.matcher(field).matches()) {
                    throw new IllegalArgumentException(file + " line " + number + ": '" + field + "' is not an id (1-128"
                            + " letters, digits, '.', '_', ':' or '-'); the format is one user per line: user item item ...");
                }
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
        return new InteractionData(users, sequences, null, vocabulary.build());
    }

    static InteractionData ofDated(Map<String, Dated> byUser) {
        ItemVocabulary.Builder vocabulary = ItemVocabulary.builder();
        List<String> users = new ArrayList<>(byUser.keySet());
        int[][] sequences = new int[users.size()][];
        int[][] days = new int[users.size()][];
        for (int u = 0; u < users.size(); u++) {
            Dated dated = byUser.get(users.get(u));
            sequences[u] = dated.items().stream().mapToInt(vocabulary::add).toArray();
            days[u] = dated.days().stream().mapToInt(Integer::intValue).toArray();
        }
        return new InteractionData(users, sequences, days, vocabulary.build());
    }

    /**
     * The same history with the given item ids appended to the vocabulary where they are not in it yet (catalogue
     * tracks nobody has played): existing indexes and sequences are unchanged, the new items get the next indexes.
     */
    InteractionData withItems(java.util.Collection<String> ids) {
        ItemVocabulary.Builder builder = ItemVocabulary.builder();
        vocabulary.ids().forEach(builder::add);
        ids.stream().sorted().forEach(builder::add);
        return new InteractionData(users, sequences, days, builder.build());
    }

    /** The day keys of the first {@code prefixes[u].length} items of each user, or null without dates. */
    int[][] daysOfPrefixes(int[][] prefixes) {
        if (days == null) {
            return null;
        }
        int[][] cut = new int[prefixes.length][];
        for (int u = 0; u < prefixes.length; u++) {
            cut[u] = java.util.Arrays.copyOf(days[u], prefixes[u].length);
        }
        return cut;
    }

    /**
     * SHA-256 over the users and their item ids in order: the same history gives the same fingerprint,
     * whatever the index assignment.
     */
    String fingerprint() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            for (int u = 0; u < users.size(); u++) {
                StringBuilder line = new StringBuilder(users.get(u));
                for (int item : sequences[u]) {
                    line.append('\t').append(vocabulary.idAt(item));
                }
                digest.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            }
            return "sha256:" + java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    int interactions() {
        int total = 0;
        for (int[] sequence : sequences) {
            total += sequence.length;
        }
        return total;
    }
}
