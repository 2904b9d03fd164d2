package org.musicrec.recommender.popularity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.musicrec.recommender.ranking.Ranker;
import org.musicrec.recommender.ranking.ScoredTrack;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ranks catalogue tracks by recent popularity among distinct listeners. Each listener's weight for a track is their
 * strongest event on it: {@code 1 + ln(playCount)} (likes twice), decayed with the configured half-life by its age
 * relative to the 99th percentile of all event times (not the newest event: a handful of fresh events, say one user's
 * after an import of old history, would otherwise decay all the rest to nothing), and capped at
 * {@code maxPerListener}; a track's score is the sum over its listeners, and it needs {@code minListeners} of them. So one user, however many events or plays they send, cannot lift a track
 * alone, and a track id that is not in the catalogue never becomes "popular". Skips do not count. The ranking is
 * recomputed in the background, so serving costs no query.
 */
@Component
public class PopularityRanker implements Ranker {

    public static final String VERSION = "popularity";

    private final JdbcClient jdbc;
    private final PopularityProperties properties;
    private volatile List<ScoredTrack> ranking = List.of();

    PopularityRanker(JdbcClient jdbc, PopularityProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public List<ScoredTrack> rank(List<String> historyOldestFirst, int limit, Predicate<String> candidateFilter) {
        List<ScoredTrack> result = new ArrayList<>(limit);
        for (ScoredTrack track : ranking) {
            if (result.size() >= limit) {
                break;
            }
            if (candidateFilter.test(track.trackId())) {
                result.add(track);
            }
        }
        return result;
    }

    @Override
    public String modelVersion() {
        return VERSION;
    }

    /** Recomputes the ranking from the history now. */
    @Scheduled(fixedDelayString = "${musicrec.popularity.refresh-interval:30s}")
    public void refresh() {
        double halfLifeSeconds = Math.max(1, properties.halfLife().toSeconds());
        ranking = jdbc.sql("""
                        WITH newest AS (SELECT percentile_disc(0.99) WITHIN GROUP (ORDER BY occurred_at) AS t
                                        FROM listening_events),
                        per_listener AS (
                            SELECT e.track_id, e.user_id,
                                   LEAST(max((1 + ln(e.play_count)) * CASE e.event_type WHEN 'LIKE' THEN 2 ELSE 1 END
                                       * power(0.5, LEAST(GREATEST(extract(epoch FROM (newest.t - e.occurred_at)), 0)
                                                          / :halfLife, 1000))), :maxPerListener) AS weight
                            FROM listening_events e, newest
                            WHERE e.event_type <> 'SKIP'
                              AND EXISTS (SELECT 1 FROM tracks t WHERE t.track_id = e.track_id)
                            GROUP BY e.track_id, e.user_id)
                        SELECT track_id, sum(weight) AS score
                        FROM per_listener
                        GROUP BY track_id
                        HAVING count(*) >= :minListeners
                        ORDER BY score DESC, track_id
                        LIMIT :size""")
                .param("halfLife", halfLifeSeconds)
                .param("maxPerListener", properties.maxPerListener())
                .param("minListeners", properties.minListeners())
                .param("size", properties.size())
                .query((rs, n) -> new ScoredTrack(rs.getString(1), rs.getDouble(2), null))
                .list();
    }
}
