package org.musicrec.recommender.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Tag counts per item id, the raw material of {@link org.musicrec.recommender.ranking.ItemFeatures}. */
final class ItemTags {

    private ItemTags() {
    }

    /**
     * Reads HetRec's {@code user_taggedartists.dat} (userID, artistID, tagID, day, month, year): how often each
     * tag was given to each artist, by any user, <em>except</em> the (user, artist) pairs in {@code heldOut} —
     * the validation and test targets, whose own tags would leak the answer into the features. Tag names come
     * from {@code tags.dat} when it is there.
     *
     * @param heldOut "userID\tartistID" pairs to leave out
     */
    static Map<String, Map<String, Integer>> hetrec(Path dir, Set<String> heldOut) throws IOException {
        Map<String, String> names = new HashMap<>();
        Path tagsFile = dir.resolve("tags.dat");
        if (Files.exists(tagsFile)) {
            try (BufferedReader in = Files.newBufferedReader(tagsFile, StandardCharsets.UTF_8)) {
                in.readLine();
                String line;
                while ((line = in.readLine()) != null) {
                    String[] fields = line.split("\t", -1);
                    if (fields.length >= 2) {
                        names.put(fields[0].trim(), fields[1].trim());
                    }
                }
            }
        }
        Path file = dir.resolve("user_taggedartists.dat");
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.startsWith("userID\tartistID\ttagID")) {
                throw new IOException(file + " does not start with the header userID<TAB>artistID<TAB>tagID");
            }
            String line;
            while ((line = in.readLine()) != null) {
                String[] fields = line.split("\t", -1);
                if (fields.length < 3 || heldOut.contains(fields[0] + "\t" + fields[1])) {
                    continue;
                }
                String tag = names.getOrDefault(fields[2].trim(), "tag-" + fields[2].trim());
                counts.computeIfAbsent(fields[1], a -> new HashMap<>()).merge(tag, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The catalogue's tags per track ({@code tracks.tags}), each counted once. */
    static Map<String, Map<String, Integer>> postgres(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        jdbc.sql("SELECT track_id, tags FROM tracks").query((org.springframework.jdbc.core.RowCallbackHandler) rs -> {
            java.sql.Array array = rs.getArray(2);
            if (array == null) {
                return;
            }
            Map<String, Integer> tags = new HashMap<>();
            for (Object tag : (Object[]) array.getArray()) {
                if (tag != null && !tag.toString().isBlank()) {
                    tags.merge(tag.toString().trim().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
                }
            }
            if (!tags.isEmpty()) {
                counts.put(rs.getString(1), tags);
            }
        });
        return counts;
    }
}
