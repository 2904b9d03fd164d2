package org.musicrec.cli.hetrec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A HetRec 2011 Last.fm 2K folder, read as catalogue tracks (one per artist, with its top tags) and listening
 * events (one per row of {@code user_artist_sequence.tsv}, with the play count of {@code user_artists.dat}).
 */
public record HetrecData(List<TrackRow> tracks, List<EventRow> events) {

    /** How many tags each artist keeps: the ones users gave it most often. */
    public static final int TOP_TAGS = 5;

    /** A catalogue track. */
    public record TrackRow(String trackId, String title, String artist, List<String> tags) {
    }

    /** A listening event with a deterministic eventId, so re-imports are recognised as duplicates. */
    public record EventRow(String eventId, String userId, String trackId, Instant occurredAt, Integer playCount) {
    }

    public static String userId(String hetrecUserId) {
        return "user-" + hetrecUserId;
    }

    public static String trackId(String hetrecArtistId) {
        return "artist-" + hetrecArtistId;
    }

    public static HetrecData load(Path dir) throws IOException {
        Map<String, String> artists = new LinkedHashMap<>();
        for (String[] row : rows(dir.resolve("artists.dat"), 2)) {
            artists.put(row[0], row[1]);
        }
        Map<String, String> tagNames = new HashMap<>();
        for (String[] row : rows(dir.resolve("tags.dat"), 2)) {
            tagNames.put(row[0], row[1]);
        }
        Map<String, Map<String, Integer>> tagCounts = new HashMap<>();
        for (String[] row : rows(dir.resolve("user_taggedartists.dat"), 3)) {
            String tag = tagNames.get(row[2]);
            if (tag != null) {
                tagCounts.computeIfAbsent(row[1], a -> new HashMap<>()).merge(tag.trim(), 1, Integer::sum);
            }
        }
        Map<String, Integer> plays = new HashMap<>();
        for (String[] row : rows(dir.resolve("user_artists.dat"), 3)) {
            plays.put(row[0] + "/" + row[1], Integer.parseInt(row[2].trim()));
        }

        List<TrackRow> tracks = new ArrayList<>(artists.size());
        artists.forEach((id, name) -> tracks.add(new TrackRow(trackId(id), clip(name), clip(name), topTags(tagCounts.get(id)))));

        List<EventRow> events = new ArrayList<>();
        String previousKey = null;
        int sameDay = 0;
        for (String[] row : rows(dir.resolve("user_artist_sequence.tsv"), 4)) {
            String user = row[0];
            String artist = row[1];
            LocalDate date = LocalDate.parse(row[3].trim());
            String key = user + "/" + date;
            sameDay = key.equals(previousKey) ? sameDay + 1 : 0;
            previousKey = key;
            // the file's order within a day is the user's sequence order: keep it with second offsets
            Instant at = date.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(sameDay);
            String eventId = UUID.nameUUIDFromBytes(("hetrec:" + user + ":" + artist).getBytes(StandardCharsets.UTF_8))
                    .toString();
            Integer count = plays.get(user + "/" + artist);
            events.add(new EventRow(eventId, userId(user), trackId(artist), at, count == null || count < 1 ? null : count));
        }
        return new HetrecData(tracks, events);
    }

    private static String clip(String s) {
        String t = s.trim();
        return t.length() > 300 ? t.substring(0, 300) : t;
    }

    private static List<String> topTags(Map<String, Integer> counts) {
        if (counts == null) {
            return List.of();
        }
        return counts.entrySet().stream()
                .filter(e -> !e.getKey().isBlank() && e.getKey().length() <= 100)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_TAGS).map(Map.Entry::getKey).toList();
    }

    private static List<String[]> rows(Path file, int minColumns) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file + " (is this a HetRec Last.fm 2K folder?)");
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.skip(1).filter(l -> !l.isBlank()).map(l -> l.split("\t", -1))
                    .filter(cols -> cols.length >= minColumns).toList();
        }
    }

    /** Distinct users with events. */
    public long users() {
        return events.stream().map(EventRow::userId).distinct().count();
    }

    static Comparator<EventRow> byUserThenTime() {
        return Comparator.comparing(EventRow::userId).thenComparing(EventRow::occurredAt);
    }
}
