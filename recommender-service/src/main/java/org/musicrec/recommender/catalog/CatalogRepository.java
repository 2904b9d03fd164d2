package org.musicrec.recommender.catalog;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.musicrec.events.TrackChanged;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tracks table: newest version of each track wins, so replays of the topic are harmless. */
@Repository
class CatalogRepository {

    record Row(CatalogTrack track, Instant storedAt) {
    }

    private final JdbcClient jdbc;

    CatalogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the track unless a newer version (by {@code updatedAt}) is stored; returns whether it was written. */
    boolean upsert(TrackChanged t) {
        return jdbc.sql("""
                        INSERT INTO tracks (track_id, title, artist, tags, updated_at, stored_at)
                        VALUES (:id, :title, :artist, :tags, :updatedAt, clock_timestamp())
                        ON CONFLICT (track_id) DO UPDATE
                        SET title = excluded.title, artist = excluded.artist, tags = excluded.tags,
                            updated_at = excluded.updated_at, stored_at = clock_timestamp()
                        WHERE tracks.updated_at <= excluded.updated_at""")
                .param("id", t.trackId())
                .param("title", t.title())
                .param("artist", t.artist())
                .param("tags", t.tags().toArray(String[]::new))
                .param("updatedAt", Timestamp.from(t.updatedAt()))
                .update() == 1;
    }

    /** Rows the database stored after {@code from} (its own clock, not the producer's). */
    List<Row> storedSince(Instant from) {
        return jdbc.sql("SELECT track_id, title, artist, tags, stored_at FROM tracks WHERE stored_at > :from")
                .param("from", Timestamp.from(from))
                .query((rs, n) -> {
                    Array tags = rs.getArray("tags");
                    List<String> tagList = tags == null ? List.of() : Arrays.asList((String[]) tags.getArray());
                    return new Row(new CatalogTrack(rs.getString("track_id"), rs.getString("title"),
                            rs.getString("artist"), tagList), rs.getTimestamp("stored_at").toInstant());
                })
                .list();
    }
}
