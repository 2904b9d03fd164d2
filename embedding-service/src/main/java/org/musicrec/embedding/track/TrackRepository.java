package org.musicrec.embedding.track;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tracks table. */
@Repository
class TrackRepository {

    private final JdbcClient jdbc;

    TrackRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or replaces the track's metadata; returns the stored row, whose updated_at only ever grows. */
    Track upsert(String trackId, String title, String artist, List<String> tags, Instant now) {
        return jdbc.sql("""
                        INSERT INTO tracks (track_id, title, artist, tags, created_at, updated_at)
                        VALUES (:id, :title, :artist, :tags, :now, :now)
                        ON CONFLICT (track_id) DO UPDATE
                        SET title = excluded.title, artist = excluded.artist, tags = excluded.tags,
                            -- later than the write it replaces, even when its clock was read first: concurrent writes
                            -- of one track wait on its row lock, so updated_at follows the commit order, and readers
                            -- that keep the newest updated_at (the recommender's copy) agree with this table
                            updated_at = GREATEST(excluded.updated_at, tracks.updated_at + interval '1 microsecond')
                        RETURNING track_id, title, artist, tags, created_at, updated_at""")
                .param("id", trackId)
                .param("title", title)
                .param("artist", artist)
                .param("tags", tags.toArray(String[]::new))
                .param("now", Timestamp.from(now))
                .query(TrackRepository::map)
                .single();
    }

    Optional<Track> find(String trackId) {
        return jdbc.sql("SELECT track_id, title, artist, tags, created_at, updated_at FROM tracks WHERE track_id = :id")
                .param("id", trackId)
                .query(TrackRepository::map)
                .optional();
    }

    private static Track map(ResultSet rs, int row) throws SQLException {
        Array tags = rs.getArray("tags");
        return new Track(rs.getString("track_id"), rs.getString("title"), rs.getString("artist"),
                tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
