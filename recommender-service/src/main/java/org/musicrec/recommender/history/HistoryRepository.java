package org.musicrec.recommender.history;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.musicrec.events.ListeningEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Listening history in PostgreSQL; the eventId primary key makes every write idempotent. */
@Repository
class HistoryRepository {

    private final JdbcClient jdbc;

    HistoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when the event was new and is now stored; false when its eventId was stored before. */
    boolean insertIfAbsent(ListeningEvent e) {
        int rows = jdbc.sql("""
                        INSERT INTO listening_events
                            (event_id, user_id, track_id, event_type, occurred_at, ms_played, play_count)
                        VALUES (:eventId, :userId, :trackId, :type, :occurredAt, :msPlayed, :playCount)
                        ON CONFLICT (event_id) DO NOTHING""")
                .param("eventId", e.eventId())
                .param("userId", e.userId())
                .param("trackId", e.trackId())
                .param("type", e.type().name())
                .param("occurredAt", Timestamp.from(e.occurredAt()))
                .param("msPlayed", e.msPlayed())
                .param("playCount", e.plays())
                .update();
        return rows == 1;
    }

    /** Skips are not listening: they neither feed the model's history nor count as played. */
    List<String> recentTracks(String userId, int length) {
        List<String> newestFirst = jdbc.sql("""
                        SELECT track_id FROM listening_events
                        WHERE user_id = :userId AND event_type <> 'SKIP'
                        ORDER BY occurred_at DESC, event_id DESC
                        LIMIT :length""")
                .param("userId", userId)
                .param("length", length)
                .query(String.class)
                .list();
        List<String> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    Set<String> playedTracks(String userId) {
        return new HashSet<>(jdbc.sql("""
                        SELECT DISTINCT track_id FROM listening_events
                        WHERE user_id = :userId AND event_type <> 'SKIP'""")
                .param("userId", userId)
                .query(String.class)
                .list());
    }

    IngestionStats stats(long duplicatesIgnored) {
        return jdbc.sql("""
                        SELECT count(*) AS events, count(DISTINCT user_id) AS users, count(DISTINCT track_id) AS tracks
                        FROM listening_events""")
                .query((rs, n) -> new IngestionStats(rs.getLong("events"), rs.getLong("users"), rs.getLong("tracks"),
                        duplicatesIgnored))
                .single();
    }
}
