package org.musicrec.recommender.popularity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.musicrec.recommender.ranking.ScoredTrack;
import org.musicrec.testsupport.RealServices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Popularity against a real PostgreSQL, in a schema of its own so that no other test's events take part: old history
 * (as after an import of the HetRec data) and one user's fresh events.
 */
class PopularityRankerIT {

    private static final Instant OLD = Instant.parse("2010-06-01T00:00:00Z");

    @Test
    void oneUsersFreshEventsDoNotOutweighTheWholeOldHistory() {
        RealServices.Endpoints db = RealServices.endpoints();
        String schema = "pop_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DriverManagerDataSource dataSource = new DriverManagerDataSource(db.jdbcUrl(), db.jdbcUser(), db.jdbcPassword());
        Properties properties = new Properties();
        properties.setProperty("currentSchema", schema);
        dataSource.setConnectionProperties(properties);
        Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        for (String track : List.of("hit", "obscure")) {
            jdbc.sql("INSERT INTO tracks (track_id, title, artist, tags, updated_at) VALUES (?, ?, ?, '{}', now())")
                    .params(track, track, track).update();
        }
        // the old history: 200 listeners of the hit over a year, one listener of the obscure track
        for (int i = 0; i < 200; i++) {
            event(jdbc, "old-" + i, "hit", "PLAY", OLD.minus(Duration.ofDays(i)));
        }
        event(jdbc, "old-loner", "obscure", "PLAY", OLD);
        // then one user, today, likes the obscure track with a huge play count
        jdbc.sql("INSERT INTO listening_events (event_id, user_id, track_id, event_type, occurred_at, play_count)"
                + " VALUES (?, 'spammer', 'obscure', 'LIKE', ?, 1000000)")
                .params(UUID.randomUUID().toString(), Timestamp.from(Instant.now())).update();

        PopularityRanker ranker = new PopularityRanker(jdbc,
                new PopularityProperties(Duration.ofDays(365), Duration.ofSeconds(30), 100, 2, 5));
        ranker.refresh();
        List<String> ranked = ranker.rank(List.of(), 10, t -> true).stream().map(ScoredTrack::trackId).toList();
        assertThat(ranked).containsExactly("hit", "obscure");
        assertThat(ranker.rank(List.of(), 10, t -> true).get(0).score()).as("the history still counts").isGreaterThan(50);
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
    }

    private static void event(JdbcClient jdbc, String user, String track, String type, Instant at) {
        jdbc.sql("INSERT INTO listening_events (event_id, user_id, track_id, event_type, occurred_at)"
                + " VALUES (?, ?, ?, ?, ?)").params(UUID.randomUUID().toString(), user, track, type, Timestamp.from(at))
                .update();
    }
}
