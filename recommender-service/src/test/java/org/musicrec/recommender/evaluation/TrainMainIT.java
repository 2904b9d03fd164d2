package org.musicrec.recommender.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.recommender.ranking.SavedModelRanker;
import org.musicrec.recommender.ranking.ScoredTrack;
import org.musicrec.registry.ModelArchive;
import org.musicrec.registry.ModelRegistry;
import org.musicrec.registry.ModelVersion;
import org.musicrec.testsupport.RealServices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine;

/**
 * The training job end to end against a fresh real PostgreSQL: a tiny cyclic history goes in, an active
 * registry version comes out whose archive loads with {@link SavedModelRanker} and continues the cycle.
 */
class TrainMainIT {

    private static final List<String> CYCLE = List.of("t-a", "t-b", "t-c", "t-d", "t-e", "t-f");

    @Test
    void registersAndActivatesAModelThatContinuesTheHistory(@TempDir Path tmp) throws Exception {
        RealServices.Endpoints db = RealServices.endpoints();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(db.jdbcUrl(), db.jdbcUser(), db.jdbcPassword());
        Properties schema = new Properties();
        schema.setProperty("currentSchema", "recommender");
        dataSource.setConnectionProperties(schema);
        TrainMain.migrate(dataSource, "recommender");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        insertHistory(jdbc);
        insertCatalogue(jdbc);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int exit = new CommandLine(new TrainMain(new PrintStream(log, true, StandardCharsets.UTF_8))).execute(
                "--jdbc-url", db.jdbcUrl(), "--user", db.jdbcUser(), "--password=" + db.jdbcPassword(),
                "--out", tmp.resolve("model").toString(),
                "--max-length", "6", "--hidden", "16", "--heads", "2", "--dropout", "0", "--learning-rate", "0.01",
                "--batch-size", "16", "--epochs", "40", "--patience", "40", "--prior-weights", "0");
        String output = log.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("epoch   1", "val NDCG@10", "activated ranker-")
                .containsPattern("catalogue: \\d+ tracks with tags nobody has played yet");

        ModelRegistry registry = new ModelRegistry(jdbc, "ranker");
        ModelVersion active = registry.active().orElseThrow();
        assertThat(active.versionId()).startsWith("ranker-");
        assertThat(active.dataFingerprint()).startsWith("sha256:").hasSize("sha256:".length() + 64);
        assertThat(active.metrics()).contains("\"attention\"", "\"popularity\"", "\"NDCG@10\"",
                "\"version\": \"" + active.versionId() + "\"");

        Path unpacked = ModelArchive.unpack(registry.archive(active.versionId()), tmp.resolve("unpacked"));
        // the played tracks, and the catalogue track nobody has played (content-only); not the skipped one (other
        // integration tests may share this database, so their tracks can be there too)
        assertThat(Files.readAllLines(unpacked.resolve("items.txt")))
                .containsAll(concat(CYCLE, List.of("t-new"))).doesNotContain("t-skipped");
        try (SavedModelRanker ranker = SavedModelRanker.load(unpacked)) {
            assertThat(ranker.modelVersion()).isEqualTo(active.versionId());
            List<ScoredTrack> next = ranker.rank(List.of("t-b", "t-c", "t-d"), 1, id -> true);
            assertThat(next).extracting(ScoredTrack::trackId).containsExactly("t-e");
            // the never-played track can be ranked (by its tags) although no history contains it
            assertThat(ranker.rank(List.of("t-b", "t-c", "t-d"), 1, "t-new"::equals))
                    .extracting(ScoredTrack::trackId).containsExactly("t-new");
        }
    }

    /**
     * 24 users walk the cycle a→b→…→f from different starting points, one track a day. Every user also
     * skips a track ("t-skipped") and replays one: the skip must not become an item, the replay must not
     * add a position.
     */
    private static void insertHistory(JdbcClient jdbc) {
        Instant day0 = Instant.parse("2024-01-01T12:00:00Z");
        for (int u = 0; u < 24; u++) {
            String user = "u" + u;
            int length = 5 + u % 2;
            for (int i = 0; i < length; i++) {
                insert(jdbc, user, CYCLE.get((u + i) % CYCLE.size()), "PLAY", day0.plusSeconds(86_400L * i));
            }
            insert(jdbc, user, "t-skipped", "SKIP", day0.plusSeconds(86_400L * 2 + 60));
            insert(jdbc, user, CYCLE.get(u % CYCLE.size()), "COMPLETE", day0.plusSeconds(86_400L * 3 + 60));
        }
    }

    /** Tags for the cycle's tracks, and one tagged catalogue track that nobody plays. */
    private static void insertCatalogue(JdbcClient jdbc) {
        String[][] tracks = {{"t-a", "rock"}, {"t-b", "rock"}, {"t-c", "jazz"}, {"t-d", "jazz"}, {"t-e", "folk"},
                {"t-f", "folk"}, {"t-new", "folk,jazz"}};
        for (String[] track : tracks) {
            jdbc.sql("""
                            INSERT INTO tracks (track_id, title, artist, tags, updated_at)
                            VALUES (:id, :id, 'artist', string_to_array(:tags, ','), now())""")
                    .param("id", track[0]).param("tags", track[1]).update();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static void insert(JdbcClient jdbc, String user, String track, String type, Instant at) {
        jdbc.sql("""
                        INSERT INTO listening_events (event_id, user_id, track_id, event_type, occurred_at)
                        VALUES (:id, :user, :track, :type, :at)""")
                .param("id", UUID.randomUUID().toString()).param("user", user).param("track", track)
                .param("type", type).param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).update();
    }
}
